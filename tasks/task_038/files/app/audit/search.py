"""Searching a tenant's audit log with the filters of GET /admin/audit.

Query parameters, all optional:

    actor=u_42               events by this user; repeat the parameter for any of several
    target=invoice:118       events about this object; repeat for several
    action=user.login        events with this action; repeat for several. `user.*` matches every
                             action under `user.` ("user.login", "user.password.reset"), not "user"
    since=2024-05-01         from this moment on: a date (midnight UTC) or a datetime with an offset
    until=2024-05-02T12:00Z  up to, not including, this moment; same forms as `since`
    before=9120              only events recorded before event 9120 (the `next` link sets this)
    limit=50                 events per page, 1 to 200

Events come newest first, in the order they were recorded.
"""

import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from app.audit.store import ACTION_RE, COLUMNS, AuditEvent, event_from_row, format_ts

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_VALUES = 20  # per repeatable parameter

REPEATABLE = ("actor", "action", "target")
SINGLE = ("since", "until", "before", "limit")

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_RE = re.compile(r"[1-9][0-9]{0,17}")  # at most 18 digits: always below 2**63, SQLite's limit


class SearchError(ValueError):
    """The query string cannot be turned into a search; the handler answers 400 with the message."""


@dataclass(frozen=True)
class AuditFilters:
    """A parsed search. `since` and `until` are already in the stored form (see store.format_ts)."""

    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    action_prefixes: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    before: int | None = None
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise SearchError(f"limit must be between 1 and {MAX_LIMIT}")


def _moment(name: str, text: str) -> str:
    """`text` as a stored timestamp, so that the query compares like with like."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SearchError(f"{name} must be a date or an ISO 8601 datetime (write + as %2B)") from None
    if _DATE_RE.fullmatch(text):
        moment = moment.replace(tzinfo=timezone.utc)
    elif moment.tzinfo is None:
        raise SearchError(f"{name} needs a UTC offset, e.g. {text}Z")
    try:
        return format_ts(moment)
    except OverflowError:
        raise SearchError(f"{name} is out of range") from None


def _number(name: str, text: str) -> int:
    if not _NUMBER_RE.fullmatch(text):
        raise SearchError(f"{name} must be a positive whole number, not {text!r}")
    return int(text)


def parse_filters(params: Mapping[str, Sequence[str]]) -> AuditFilters:
    """Filters from a parsed query string, as `urllib.parse.parse_qs` returns it."""
    for name, values in params.items():
        if name not in REPEATABLE and name not in SINGLE:
            raise SearchError(f"unknown parameter {name!r}")
        most = MAX_VALUES if name in REPEATABLE else 1
        if len(values) > most:
            raise SearchError(f"{name} can be given at most {most} time(s)")
    actions, prefixes = [], []
    for value in params.get("action", ()):
        is_prefix = value.endswith(".*")
        name = value[:-2] if is_prefix else value
        if not ACTION_RE.fullmatch(name):
            raise SearchError(f"{value!r} is neither an action nor a pattern like 'user.*'")
        (prefixes if is_prefix else actions).append(name)
    single = {name: params[name][0] for name in SINGLE if params.get(name)}
    return AuditFilters(
        actors=tuple(params.get("actor", ())),
        targets=tuple(params.get("target", ())),
        actions=tuple(actions),
        action_prefixes=tuple(prefixes),
        since=_moment("since", single["since"]) if "since" in single else None,
        until=_moment("until", single["until"]) if "until" in single else None,
        before=_number("before", single["before"]) if "before" in single else None,
        limit=_number("limit", single["limit"]) if "limit" in single else DEFAULT_LIMIT,
    )


def search_events(
    conn: sqlite3.Connection, tenant_id: str, filters: AuditFilters
) -> tuple[list[AuditEvent], int | None]:
    """One page of matching events, newest first, and the next page's `before` (None on the last page)."""
    clauses, params = ["tenant_id = ?"], [tenant_id]
    for column, values in (("actor", filters.actors), ("target", filters.targets)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += values
    any_action = []
    if filters.actions:
        any_action.append(f"action IN ({', '.join('?' * len(filters.actions))})")
        params += filters.actions
    for prefix in filters.action_prefixes:
        # Everything that starts with "user." sorts in ["user.", "user/"): "/" comes right after "."
        # in ASCII. (LIKE would need escaping, as "_" is a wildcard to it, and it ignores case.)
        any_action.append("(action >= ? AND action < ?)")
        params += [prefix + ".", prefix + "/"]
    if any_action:
        clauses.append(f"({' OR '.join(any_action)})")
    for clause, value in (
        ("occurred_at >= ?", filters.since),
        ("occurred_at < ?", filters.until),
        ("id < ?", filters.before),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    # One row more than the page holds tells whether there is a next page.
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM audit_events WHERE {' AND '.join(clauses)} ORDER BY id DESC LIMIT ?",
        [*params, filters.limit + 1],
    ).fetchall()
    events = [event_from_row(row) for row in rows[: filters.limit]]
    next_before = events[-1].id if len(rows) > filters.limit else None
    return events, next_before
