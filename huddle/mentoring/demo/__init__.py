"""The demo school's mentoring: cycles paired by the real engine, and pair activity."""
