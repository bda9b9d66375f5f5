"""Reading the exports the metering jobs work from."""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from metering.accounts import Account, AccountDirectory


@dataclass(frozen=True)
class UsageRecord:
    account_id: int
    metric: str
    quantity: int
    day: date


def load_directory(path: Path) -> AccountDirectory:
    """The CRM export: a CSV file with id, name, status and plan columns."""
    with path.open(newline="", encoding="utf-8") as handle:
        return AccountDirectory(
            Account(int(row["id"]), row["name"], row["status"], row["plan"]) for row in csv.DictReader(handle)
        )


def iter_usage(path: Path) -> Iterator[UsageRecord]:
    """Usage events as the collectors write them: one JSON object per line."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            event = json.loads(line)
            yield UsageRecord(
                account_id=int(event["account"]),
                metric=event["metric"],
                quantity=int(event["qty"]),
                day=date.fromisoformat(event["day"]),
            )
