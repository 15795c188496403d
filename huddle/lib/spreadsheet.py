"""CSV cells a spreadsheet opens as text, never as a formula (CSV injection)."""

#: A cell starting with one of these is read as a formula (or a field break) by Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """The cell as text: a leading apostrophe disarms a formula, as the spreadsheets themselves do."""
    return "'" + value if value[:1] in FORMULA_STARTS else value
