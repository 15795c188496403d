"""Enrollment: who may join a cycle on which side, joining, and withdrawing."""
