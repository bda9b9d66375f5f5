"""Contacts as stored by the CRM sync."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Contact:
    contact_id: int
    full_name: str
    email: str
    company: str | None
    phone: str | None
    notes: str
    lifetime_orders: int
    opted_in: bool
    created_at: datetime
    last_order_on: date | None = None


def display_name(contact: Contact) -> str:
    if contact.company:
        return f"{contact.full_name} ({contact.company})"
    return contact.full_name
