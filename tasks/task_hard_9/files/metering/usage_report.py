"""Monthly usage report: what each active account used, and the usage we could not attribute.

Finance reviews the unattributed records (usage by suspended, closed or unknown accounts) before
the invoices go out. The scheduler calls run() every night for the previous month.
"""

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from metering.accounts import AccountDirectory
from metering.periods import previous_month
from metering.store import UsageRecord, iter_usage, load_directory

USAGE_HEADER = ("account_id", "account", "plan", "metric", "quantity")
UNATTRIBUTED_HEADER = ("account_id", "metric", "quantity", "day")


@dataclass
class UsageReport:
    month: str
    usage: dict[int, Counter[str]] = field(default_factory=dict)
    unattributed: list[UsageRecord] = field(default_factory=list)


def _month_range(month: str) -> tuple[date, date]:
    """First day of `month` ('YYYY-MM') and first day of the month after."""
    start = datetime.strptime(month, "%Y-%m").date()
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, end


def build_report(records: Iterable[UsageRecord], directory: AccountDirectory, month: str) -> UsageReport:
    """Sum the month's usage per active account and metric; set aside usage of any other account."""
    start, end = _month_range(month)
    usage: defaultdict[int, Counter[str]] = defaultdict(Counter)
    report = UsageReport(month)
    active = directory.active_ids()
    for record in records:
        if not start <= record.day < end:
            continue
        if record.account_id in active:
            usage[record.account_id][record.metric] += record.quantity
        else:
            report.unattributed.append(record)
    report.usage = dict(usage)
    return report


def write_usage(report: UsageReport, directory: AccountDirectory, out: TextIO) -> int:
    """One CSV row per account and metric, by account id; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(USAGE_HEADER)
    rows = 0
    for account_id in sorted(report.usage):
        account = directory.get(account_id)
        for metric, quantity in sorted(report.usage[account_id].items()):
            writer.writerow((account_id, account.name, account.plan, metric, quantity))
            rows += 1
    return rows


def write_unattributed(report: UsageReport, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(UNATTRIBUTED_HEADER)
    for record in report.unattributed:
        writer.writerow((record.account_id, record.metric, record.quantity, record.day.isoformat()))
    return len(report.unattributed)


def run(usage_path: Path, accounts_path: Path, out_dir: Path, month: str | None = None) -> UsageReport:
    """Write usage-MONTH.csv and unattributed-MONTH.csv to `out_dir` (default: last month)."""
    month = month or previous_month(date.today())
    directory = load_directory(accounts_path)
    report = build_report(iter_usage(usage_path), directory, month)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / f"usage-{month}.csv").open("w", newline="", encoding="utf-8") as out:
        write_usage(report, directory, out)
    with (out_dir / f"unattributed-{month}.csv").open("w", newline="", encoding="utf-8") as out:
        write_unattributed(report, out)
    return report
