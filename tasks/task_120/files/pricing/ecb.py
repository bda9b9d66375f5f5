"""The European Central Bank's euro foreign exchange reference rates.

The daily feed (eurofxref-daily.xml) quotes every currency against the euro:

    <Cube time="2024-05-17">
        <Cube currency="USD" rate="1.0866"/>
        <Cube currency="JPY" rate="169.12"/>

rate="1.0866" means 1 EUR = 1.0866 USD: the rate is the number of units of the currency that one
euro buys. The euro itself is not listed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

CUBE = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}Cube"


class FeedError(ValueError):
    pass


@dataclass(frozen=True)
class ReferenceRates:
    date: date
    rates: dict[str, Decimal]  # currency -> units of that currency per 1 EUR


def parse_reference_rates(xml_text: str) -> ReferenceRates:
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise FeedError(f"not XML: {exc}") from exc
    for cube in root.iter(CUBE):
        if "time" in cube.attrib:
            break
    else:
        raise FeedError("no dated Cube element")
    try:
        day = date.fromisoformat(cube.attrib["time"])
        rates = {c.attrib["currency"]: Decimal(c.attrib["rate"]) for c in cube.findall(CUBE)}
    except (KeyError, ValueError, InvalidOperation) as exc:
        raise FeedError(f"malformed rate: {exc}") from exc
    if not rates or any(rate <= 0 for rate in rates.values()):
        raise FeedError("missing or non-positive rates")
    return ReferenceRates(day, rates)
