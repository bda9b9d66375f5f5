# A queue with nothing open (every ticket resolved, or no tickets at all that morning) must still get
# its row: the oldest-open age is "nothing to show" (None, rendered "-"), not a crash of the report.
from datetime import datetime, timedelta, timezone

from helpdesk.render import render_table
from helpdesk.report import queue_report
from helpdesk.tickets import Ticket

AS_OF = datetime(2024, 5, 6, 8, 0, tzinfo=timezone.utc)


def ago(hours):
    return AS_OF - timedelta(hours=hours)


tickets = [
    Ticket("T1", "billing", "normal", ago(30), ago(26), ago(20)),   # billing: everything resolved
    Ticket("T2", "billing", "urgent", ago(5), ago(4.5), ago(1)),
    Ticket("T3", "technical", "normal", ago(50), ago(30)),          # technical: one open
    # accounts: no tickets at all this morning
]
try:
    rows = queue_report(tickets, AS_OF)
except (AttributeError, TypeError) as exc:
    raise AssertionError(f"the report fails when a queue has no open tickets: {exc!r}") from None
billing, technical, accounts, total = rows
assert billing["open"] == 0 and billing["oldest_open_h"] is None, billing
assert accounts["tickets"] == 0 and accounts["oldest_open_h"] is None, accounts
assert technical["oldest_open_h"] == 50.0 and total["oldest_open_h"] == 50.0, (technical, total)
assert render_table(rows).splitlines()[1].split()[-1] == "-", render_table(rows)

# Nothing open anywhere: the all-queues row too.
rows = queue_report(tickets[:2], AS_OF)
assert all(row["oldest_open_h"] is None for row in rows), rows
print("ok")
