"""A contact, the checks every way of creating one goes through (the form, the API, CSV imports),
and how its fields are written to and read from CSV files."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9 ()./-]{5,30}")
MAX_TEXT = 200


@dataclass(frozen=True)
class Contact:
    email: str
    name: str
    phone: str | None = None
    company: str | None = None


def parse_contact(email: str, name: str, phone: str | None = None, company: str | None = None) -> Contact:
    """A Contact from user input, normalised; ValueError saying what is wrong otherwise."""
    email = (email or "").strip().lower()
    name = " ".join((name or "").split())
    phone = (phone or "").strip() or None
    company = " ".join((company or "").split()) or None
    if not _EMAIL.fullmatch(email):
        raise ValueError(f"not an email address: {email!r}")
    if not name:
        raise ValueError("name is empty")
    if phone is not None and not _PHONE.fullmatch(phone):
        raise ValueError(f"not a phone number: {phone!r}")
    if any(len(value or "") > MAX_TEXT for value in (email, name, phone, company)):
        raise ValueError(f"longer than {MAX_TEXT} characters")
    return Contact(email, name, phone, company)


# A cell starting with one of these is run as a formula by spreadsheet programs. CSV exports put a
# "'" in front of such cells (and of cells that start with "'" themselves, so that the quote can
# be told apart), which spreadsheets show as text; CSV imports take it off again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_csv_cell(value: str | None) -> str:
    if value is None:
        return ""
    if value.startswith(_FORMULA_START + ("'",)):
        return "'" + value
    return value


def from_csv_cell(value: str | None) -> str:
    value = value or ""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START + ("'",)):
        return value[1:]
    return value
