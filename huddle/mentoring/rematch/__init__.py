"""Rematching one mentee with a new mentor, no fault to anyone."""
