"""The account directory, as loaded from the CRM's nightly export."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

STATUSES = ("active", "suspended", "closed")


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    status: str
    plan: str


class AccountDirectory:
    def __init__(self, accounts: Iterable[Account]):
        self._by_id = {account.id: account for account in accounts}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Account]:
        return iter(self._by_id.values())

    def get(self, account_id: int) -> Account | None:
        return self._by_id.get(account_id)

    def active_ids(self) -> list[int]:
        """Ids of the active accounts in ascending order (the CRM sync diffs these lists day to day)."""
        return sorted(account.id for account in self._by_id.values() if account.status == "active")

    def count_by_status(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for account in self._by_id.values():
            counts[account.status] = counts.get(account.status, 0) + 1
        return counts
