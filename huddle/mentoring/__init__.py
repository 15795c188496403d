"""Mentoring programs: cycles that pair junior students with senior students or faculty."""
