"""Huddle: peer support for medical schools."""
