"""Turning the filters of the ticket search into SQL.

Filters come from the agent console's filter bar and from `helpdesk tickets search`, as pairs like
    status=open   priority__gte=2   assignee__in=ana,bo   title__contains=refund
A filter is `field` or `field__op`. Only the fields in FILTERABLE and the operators below can reach
the SQL text; every value is passed as a bound parameter.
"""

from collections.abc import Iterable

# Public filter name -> column.
FILTERABLE = {
    "status": "status",
    "priority": "priority",
    "assignee": "assignee",
    "requester": "requester_email",
    "title": "title",
    "created": "created_at",
    "updated": "updated_at",
}
# Public sort key -> column. Prefix a key with "-" to sort descending.
SORTABLE = {"id": "id", "priority": "priority", "created": "created_at", "updated": "updated_at"}

COMPARISONS = {"eq": "=", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

MAX_LIMIT = 200
MAX_IN_VALUES = 100


class FilterError(ValueError):
    """A filter names an unknown field, sort key or operator, or has an unusable value."""


def escape_like(text: str) -> str:
    """Make `text` match itself literally in a LIKE pattern that uses ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _as_list(value: object) -> list[object]:
    if isinstance(value, str):
        items: Iterable[object] = value.split(",")
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        items = [value]
    values = [item.strip() if isinstance(item, str) else item for item in items]
    return [item for item in values if item != ""]


class TicketQuery:
    """WHERE clauses and their parameters, kept in step, plus the ORDER BY."""

    def __init__(self) -> None:
        self._clauses: list[str] = []
        self._params: list[object] = []
        self._order_by = "created_at DESC, id DESC"

    def where(self, name: str, value: object) -> "TicketQuery":
        field, _, op = name.partition("__")
        column = FILTERABLE.get(field)
        if column is None:
            raise FilterError(f"cannot filter on {field!r}; use one of {', '.join(sorted(FILTERABLE))}")
        op = op or "eq"
        if op in COMPARISONS:
            self._clauses.append(f"{column} {COMPARISONS[op]} ?")
            self._params.append(value)
        elif op == "in":
            values = _as_list(value)
            if not 1 <= len(values) <= MAX_IN_VALUES:
                raise FilterError(f"{name} needs between 1 and {MAX_IN_VALUES} values")
            marks = ", ".join("?" for _ in values)
            self._clauses.append(f"{column} IN ({marks})")
            self._params.extend(values)
        elif op == "contains":
            self._clauses.append(f"{column} LIKE ? ESCAPE '\\'")
            self._params.append(f"%{escape_like(str(value))}%")
        else:
            raise FilterError(f"unknown operator {op!r} in {name!r}")
        return self

    def sort(self, key: str) -> "TicketQuery":
        descending = key.startswith("-")
        column = SORTABLE.get(key[1:] if descending else key)
        if column is None:
            raise FilterError(f"cannot sort by {key!r}; use one of {', '.join(sorted(SORTABLE))}")
        direction = "DESC" if descending else "ASC"
        self._order_by = f"{column} {direction}" if column == "id" else f"{column} {direction}, id {direction}"
        return self

    def build(self, select: str, limit: int, offset: int = 0) -> tuple[str, list[object]]:
        """The statement and its parameters. `select` is the caller's fixed column list, not user input."""
        where = " AND ".join(self._clauses) or "1 = 1"
        limit = max(1, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        sql = f"SELECT {select} FROM tickets WHERE {where} ORDER BY {self._order_by} LIMIT ? OFFSET ?"
        return sql, [*self._params, limit, offset]
