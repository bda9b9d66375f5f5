"""Sales totals for the back-office reports."""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.reports.windows import Window


@dataclass(frozen=True)
class Sale:
    store_id: int
    at: datetime  # timezone-aware; the tills record UTC
    amount: Decimal


@dataclass(frozen=True)
class PeriodTotal:
    label: str
    first_day: date
    last_day: date
    sales: int
    revenue: Decimal


def period_totals(sales: Iterable[Sale], windows: Sequence[Window]) -> list[PeriodTotal]:
    """Sales and revenue per window, with a zero row for quiet periods.

    `windows` are in order and contiguous, as report_windows returns them; sales outside all of them
    are ignored.
    """
    if not windows:
        return []
    starts = [window.start for window in windows]
    range_start, range_end = windows[0].start, windows[-1].end
    counts = [0] * len(windows)
    revenue = [Decimal("0.00")] * len(windows)
    for sale in sales:
        if not range_start <= sale.at < range_end:
            continue
        # the last window that starts at or before the sale
        index = bisect_right(starts, sale.at) - 1
        counts[index] += 1
        revenue[index] += sale.amount
    return [
        PeriodTotal(window.label, window.first_day, window.last_day, counts[index], revenue[index])
        for index, window in enumerate(windows)
    ]
