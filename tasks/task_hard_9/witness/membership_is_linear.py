# Counts equality comparisons instead of timing: the account ids compare through a counting __eq__,
# so the number of comparisons shows how the per-record active-account check scales. It must grow
# with the number of records, not with records x accounts.
from datetime import date

from metering.accounts import Account, AccountDirectory
from metering.store import UsageRecord
from metering.usage_report import build_report

comparisons = 0


class CountingId(int):
    def __eq__(self, other):
        global comparisons
        comparisons += 1
        return int.__eq__(self, other)

    __hash__ = int.__hash__


ACCOUNTS = 500
directory = AccountDirectory(
    Account(CountingId(n), f"Account {n}", "active" if n % 5 else "closed", "team") for n in range(1, ACCOUNTS + 1)
)
records = [
    UsageRecord(account_id=(n * 37) % (ACCOUNTS + 50) + 1, metric="api_calls", quantity=1, day=date(2024, 3, n % 28 + 1))
    for n in range(2000)
]

comparisons = 0
report = build_report(records, directory, "2024-03")
per_record = comparisons / len(records)

expected_active = {r.account_id for r in records if r.account_id <= ACCOUNTS and r.account_id % 5}
assert set(report.usage) == expected_active
assert len(report.unattributed) == sum(1 for r in records if r.account_id > ACCOUNTS or r.account_id % 5 == 0)
assert per_record < 10, (
    f"{comparisons} id comparisons for {len(records)} records and {ACCOUNTS} accounts "
    f"({per_record:.0f} per record): each record is checked against the whole list of active ids"
)
