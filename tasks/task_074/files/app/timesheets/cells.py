"""Cell values for exports that people open in a spreadsheet.

Excel, LibreOffice and Google Sheets evaluate a CSV cell as a formula when its
text starts with one of a few characters, so text that people typed (names,
project names, notes) is written with a leading apostrophe when it starts with
one of them, also after leading spaces; spreadsheets show such a cell as plain
text. Dates, hours and flags are produced by us and written as they are, so
spreadsheets still read them as dates and numbers (corrections of -1.50 hours
have to add up in the totals row payroll builds).
"""

from decimal import Decimal

#: Leading characters that make a spreadsheet evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

HOURS_QUANTUM = Decimal("0.01")


def text_cell(value):
    """Text a user entered, made safe to open in a spreadsheet."""
    text = "" if value is None else str(value)
    if text.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def hours_cell(hours):
    """Hours with two decimals and a dot: "7.50", "-1.25"."""
    return format(hours.quantize(HOURS_QUANTUM), "f")


def date_cell(day):
    return day.isoformat()


def flag_cell(value):
    return "yes" if value else "no"
