"""Invoices and their payment state (in memory; the production store implements the same interface)."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Invoice:
    id: str
    customer_id: int
    amount_due: int  # minor units
    currency: str
    status: str = "open"  # open | paid | payment_failed
    amount_paid: int = 0
    failure_reason: str = ""


class InvoiceStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._invoices: dict[str, Invoice] = {}
        self._events: set[str] = set()

    def add(self, invoice: Invoice) -> None:
        with self._lock:
            self._invoices[invoice.id] = invoice

    def get(self, invoice_id: str) -> Invoice | None:
        return self._invoices.get(invoice_id)

    def record_event(self, event_id: str) -> bool:
        """Remember a webhook event id; False if it was recorded before (a redelivery)."""
        with self._lock:
            if event_id in self._events:
                return False
            self._events.add(event_id)
            return True

    def mark_paid(self, invoice_id: str, amount: int, currency: str) -> bool:
        """Record a payment; False if there is no such invoice. Grants the customer access."""
        with self._lock:
            invoice = self._invoices.get(invoice_id)
            if invoice is None:
                return False
            invoice.status, invoice.amount_paid, invoice.currency = "paid", amount, currency
            return True

    def mark_payment_failed(self, invoice_id: str, reason: str) -> bool:
        """Record a failed payment attempt (never downgrades a paid invoice); False if unknown."""
        with self._lock:
            invoice = self._invoices.get(invoice_id)
            if invoice is None:
                return False
            if invoice.status != "paid":
                invoice.status, invoice.failure_reason = "payment_failed", reason
            return True
