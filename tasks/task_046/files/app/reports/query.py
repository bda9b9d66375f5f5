"""Report definitions, as the report builder saves them, and running them over a tenant's orders.

`{"dimension": "region", "metrics": ["orders", "revenue"], "days": 30}` groups the orders of the last
30 days (today, UTC, included) by region. `sort` orders the rows: columns of the report separated by
commas, each with a leading `-` for descending ("-revenue,region"); by default, by dimension value.
"""

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

# Public name -> SQL expression over `orders`. Names double as the result columns' aliases.
DIMENSIONS = {
    "region": "region",
    "plan": "plan",
    "channel": "channel",
    "day": "substr(placed_at, 1, 10)",
    "month": "substr(placed_at, 1, 7)",
}
METRICS = {"orders": "COUNT(*)", "revenue": "SUM(amount_cents)", "average": "CAST(ROUND(AVG(amount_cents)) AS INTEGER)"}
DEFAULT_DAYS = 30
MAX_DAYS = 366
FIELDS = {"dimension", "metrics", "days"}


class ReportError(ValueError):
    """A definition or a sort that cannot be run; the API answers 400 with the message."""


@dataclass(frozen=True)
class ReportDefinition:
    dimension: str
    metrics: tuple[str, ...]
    days: int = DEFAULT_DAYS

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.dimension, *self.metrics)

    def to_json(self) -> dict:
        return {"dimension": self.dimension, "metrics": list(self.metrics), "days": self.days}


def parse_definition(data: object) -> ReportDefinition:
    if not isinstance(data, dict):
        raise ReportError("a report definition is a JSON object")
    if set(data) - FIELDS:
        raise ReportError(f"unknown field(s) in the definition: {', '.join(sorted(set(data) - FIELDS))}")
    dimension = data.get("dimension")
    if not isinstance(dimension, str) or dimension not in DIMENSIONS:
        raise ReportError(f"dimension must be one of {', '.join(DIMENSIONS)}")
    metrics = data.get("metrics", ["orders"])
    if not isinstance(metrics, list) or not metrics or not all(isinstance(m, str) and m in METRICS for m in metrics):
        raise ReportError(f"metrics must be a list of names from {', '.join(METRICS)}")
    if len(set(metrics)) != len(metrics):
        raise ReportError("metrics must not repeat")
    days = data.get("days", DEFAULT_DAYS)
    if type(days) is not int or not 1 <= days <= MAX_DAYS:  # type(): True is an int too
        raise ReportError(f"days must be a whole number from 1 to {MAX_DAYS}")
    return ReportDefinition(dimension, tuple(metrics), days)


def order_by(definition: ReportDefinition, sort: str | None) -> str:
    """The ORDER BY list for `sort`; rows that tie come by dimension value."""
    if not sort:
        return definition.dimension
    names = "|".join(definition.columns)
    if not re.match(rf"-?(?:{names})(?:,-?(?:{names}))*", sort):
        raise ReportError(f"sort by columns of the report: {', '.join(definition.columns)}")
    terms, named = [], set()
    for key in sort.split(","):
        name = key.removeprefix("-")
        terms.append(f"{name} DESC" if key.startswith("-") else name)
        named.add(name)
    if definition.dimension not in named:
        terms.append(definition.dimension)
    return ", ".join(terms)


def run_report(
    conn: sqlite3.Connection, tenant_id: int, definition: ReportDefinition, sort: str | None = None,
    today: date | None = None,
) -> list[dict]:
    """The report's rows for the tenant, as {column: value}."""
    today = today or datetime.now(timezone.utc).date()
    # placed_at is 'YYYY-MM-DDTHH:MM:SS+00:00': every moment of a day sorts after the bare date.
    since = (today - timedelta(days=definition.days - 1)).isoformat()
    select = [f"{DIMENSIONS[definition.dimension]} AS {definition.dimension}"]
    select += [f"{METRICS[name]} AS {name}" for name in definition.metrics]
    sql = (
        f"SELECT {', '.join(select)} FROM orders WHERE tenant_id = ? AND placed_at >= ?"
        f" GROUP BY 1 ORDER BY {order_by(definition, sort)}"
    )
    rows = conn.execute(sql, (tenant_id, since)).fetchall()
    return [dict(zip(definition.columns, row)) for row in rows]
