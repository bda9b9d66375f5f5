"""Currencies we sell in, and the number of digits after the decimal point of each (ISO 4217)."""

MINOR_UNITS = {
    "CHF": 2,
    "EUR": 2,
    "GBP": 2,
    "JPY": 0,
    "KWD": 3,
    "SEK": 2,
    "USD": 2,
}
