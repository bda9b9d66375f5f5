"""Domain models for quotes: money, guests, stays and rate plans.

The models are frozen attrs classes: converters normalise what the API sends (codes,
ISO dates, decimal strings) and validators reject the rest with ``ValueError`` or
``TypeError``, so a model that exists is a valid one.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import attrs
from attrs import validators as v

from lodging.currencies import MINOR_UNITS

MAX_NIGHTS = 30


def _to_amount(value: object, money: Money) -> Decimal:
    """Parse an amount and round it half up to the minor unit of the money's currency."""
    if isinstance(value, float):
        raise TypeError(f"amounts are str, int or Decimal, not float: {value!r}")
    try:
        amount = Decimal(value)
        if not amount.is_finite():
            raise ValueError(f"not a finite amount: {value!r}")
        unit = Decimal(1).scaleb(-MINOR_UNITS.get(money.currency, 2))
        return amount.quantize(unit, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"rates are str, int or Decimal, not float: {value!r}")
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def _to_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"expected a date or an ISO date string, got {value!r}")


@attrs.frozen
class Money:
    currency: str = attrs.field(converter=str.upper, validator=v.in_(MINOR_UNITS))
    amount: Decimal = attrs.field(
        converter=attrs.Converter(_to_amount, takes_self=True),
        validator=v.instance_of(Decimal),
    )

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.currency, self.amount + other.amount)

    def times(self, factor: Decimal) -> Money:
        """This amount multiplied by ``factor``, rounded to the currency's minor unit."""
        return Money(self.currency, self.amount * factor)


@attrs.frozen
class Guest:
    email: str = attrs.field(
        converter=str.strip,
        validator=v.matches_re(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
        eq=str.casefold,
    )
    name: str = attrs.field(default="", eq=False)


@attrs.frozen
class Stay:
    check_in: dt.date = attrs.field(converter=_to_date)
    check_out: dt.date = attrs.field(converter=_to_date)
    guests: tuple[Guest, ...] = attrs.field(
        converter=tuple,
        validator=v.and_(v.min_len(1), v.deep_iterable(v.instance_of(Guest))),
    )

    @check_in.validator
    def _check_in_before_check_out(self, attribute: attrs.Attribute, value: dt.date) -> None:
        if not 0 < (self.check_out - value).days <= MAX_NIGHTS:
            raise ValueError(f"a stay is 1 to {MAX_NIGHTS} nights: {value} to {self.check_out}")

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days


def _positive(instance: object, attribute: attrs.Attribute, value: Money) -> None:
    if value.amount <= 0:
        raise ValueError(f"{attribute.name} must be positive, got {value.amount}")


@attrs.frozen(cache_hash=True)
class RatePlan:
    code: str = attrs.field(converter=str.upper, validator=v.matches_re(r"[A-Z0-9_]{2,16}"))
    nightly: Money = attrs.field(validator=[v.instance_of(Money), _positive])
    weekend_nightly: Money | None = attrs.field(
        default=None, validator=v.optional([v.instance_of(Money), _positive])
    )
    max_guests: int = attrs.field(default=2, validator=[v.instance_of(int), v.ge(1)])
    tax_rate: Decimal = attrs.field(
        default=Decimal("0"), converter=_to_decimal, validator=[v.ge(0), v.lt(1)]
    )
    description: str = attrs.field(default="", eq=False)

    @weekend_nightly.validator
    def _same_currency(self, attribute: attrs.Attribute, value: Money | None) -> None:
        if value is not None and value.currency != self.nightly.currency:
            raise ValueError(f"weekend rate in {value.currency}, nightly rate in {self.nightly.currency}")
