"""What we owe each seller until their next payout, in the seller's payout currency."""

from typing import Mapping

from payouts.fx import RateCache
from payouts.money import Sale


class BalanceBook:
    def __init__(self, rates: RateCache, payout_currencies: Mapping[str, str]):
        self._rates = rates
        self._payout_currencies = payout_currencies  # seller id -> currency they are paid in
        self._pending: dict[str, int] = {}  # seller id -> cents of their payout currency

    def payout_currency(self, seller_id: str) -> str:
        return self._payout_currencies[seller_id]

    async def credit(self, sale: Sale) -> None:
        """Add what the seller earned from `sale`, converted to their payout currency at today's rate."""
        currency = self.payout_currency(sale.seller_id)
        self._pending[sale.seller_id] = self._pending.get(sale.seller_id, 0) + await self._rates.convert(
            sale.amount_cents, sale.currency, currency
        )

    def pending(self, seller_id: str) -> int:
        return self._pending.get(seller_id, 0)

    def take(self, seller_id: str) -> int:
        """Remove and return the seller's whole pending balance, to pay it out."""
        return self._pending.pop(seller_id, 0)

    def restore(self, seller_id: str, amount: int) -> None:
        """Put back an amount taken for a payout that did not go through."""
        self._pending[seller_id] = self._pending.get(seller_id, 0) + amount
