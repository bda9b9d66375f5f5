"""The weekly sales report e-mailed to the leadership list every Monday."""

from collections.abc import Iterable
from datetime import date, timedelta

from app.reports.models import REGIONS, Order, format_cents


def week_bounds(any_day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week containing `any_day`."""
    monday = any_day - timedelta(days=any_day.weekday())
    return monday, monday + timedelta(days=6)


def orders_in_week(orders: Iterable[Order], any_day: date) -> list[Order]:
    start, end = week_bounds(any_day)
    return [order for order in orders if start <= order.placed_on <= end]


def headline(orders: list[Order]) -> dict:
    revenue = sum(order.total_cents for order in orders if not order.refunded)
    return {"orders": len(orders), "revenue": format_cents(revenue)}


def region_breakdown(orders: Iterable[Order]) -> list[dict]:
    """One row per region, in a fixed order, so the table lines up week to week."""
    by_region: dict[str, list[Order]] = {region: [] for region in REGIONS}
    for order in orders:
        by_region[order.region].append(order)
    rows = []
    for region, region_orders in by_region.items():
        kept = [order for order in region_orders if not order.refunded]
        revenue = sum(order.total_cents for order in kept)
        rows.append(
            {
                "region": region,
                "orders": len(region_orders),
                "revenue": format_cents(revenue),
                "avg_order": format_cents(round(revenue / len(kept))),
                "refund_rate_pct": round(100 * (len(region_orders) - len(kept)) / len(region_orders), 1),
            }
        )
    return rows


def weekly_report(orders: Iterable[Order], any_day: date) -> dict:
    week = orders_in_week(orders, any_day)
    start, end = week_bounds(any_day)
    return {
        "week": f"{start.isoformat()} to {end.isoformat()}",
        "headline": headline(week),
        "regions": region_breakdown(week),
    }
