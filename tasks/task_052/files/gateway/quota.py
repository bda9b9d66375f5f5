"""Daily quotas: how many messages an account may send per UTC day, by its plan."""

from dataclasses import dataclass

from gateway.accounts import Account
from gateway.plans import plan_for
from gateway.usage import UsageStore


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    used: int
    reset_after: int  # seconds until the quota starts over

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def headers(self) -> dict[str, str]:
        return {
            "X-Quota-Limit": str(self.limit),
            "X-Quota-Remaining": str(self.remaining),
            "X-Quota-Reset": str(self.reset_after),
        }


class QuotaGuard:
    """Checks requests against the account's daily quota and counts what they used.

    Only requests that succeed are counted: a rejected or failed send costs the customer nothing.
    """

    def __init__(self, usage: UsageStore):
        self._usage = usage

    def check(self, account: Account, cost: int) -> Decision:
        """Whether a request costing `cost` units fits in what is left of today's quota."""
        limit = plan_for(account.plan).daily_units
        used = self._usage.used(account.id)
        return Decision(used + cost <= limit, limit, used, self._usage.seconds_until_reset())

    def record(self, account: Account, cost: int) -> Decision:
        """Count a successful request's units."""
        limit = plan_for(account.plan).daily_units
        used = self._usage.add(account.id, cost)
        return Decision(True, limit, used, self._usage.seconds_until_reset())

    def status(self, account: Account) -> Decision:
        return self.check(account, 0)
