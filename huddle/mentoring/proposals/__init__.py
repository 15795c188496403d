"""Matching runs and the proposal: run the engine, review and edit pairs, publish."""
