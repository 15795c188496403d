"""Cycles: setting one up, opening and closing enrollment, closing it with a survey, export."""
