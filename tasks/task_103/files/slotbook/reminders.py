"""The reminder e-mail a customer gets before an appointment, in the business's own words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .models import Appointment, Customer, ReminderSettings, Tenant
from .templating import compile_tenant_template, env, local_time

DEFAULT_SUBJECT = "Reminder: {{ appointment.service }} on {{ appointment.when }}"
DEFAULT_MESSAGE = """\
Hello {{ customer.first_name }},

This is a reminder of your {{ appointment.service }} with {{ business.name }} on {{ appointment.when }}.

Need to change it? Call us on {{ business.phone }}.
"""


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str


def reminder_context(tenant: Tenant, appointment: Appointment) -> dict:
    """What a business's templates can use: plain values, not the models themselves."""
    customer = appointment.customer
    return {
        "customer": {"name": customer.name, "first_name": customer.first_name},
        "appointment": {
            "service": appointment.service,
            "when": local_time(appointment.starts_at, tenant.timezone),
            "duration": f"{appointment.duration_minutes} minutes",
        },
        "business": {"name": tenant.name, "phone": tenant.phone},
    }


def build_reminder(tenant: Tenant, appointment: Appointment, settings: ReminderSettings) -> Email:
    context = reminder_context(tenant, appointment)
    subject = compile_tenant_template(settings.subject_template or DEFAULT_SUBJECT).render(context)
    message = compile_tenant_template(settings.message_template or DEFAULT_MESSAGE).render(context)
    text = message.strip() + "\n"
    paragraphs = [block.strip().splitlines() for block in text.split("\n\n") if block.strip()]
    html = env.get_template("email/reminder.html").render(
        paragraphs=paragraphs, business=context["business"]
    )
    return Email(
        to=appointment.customer.email,
        subject=" ".join(subject.split()),  # one line, whatever the template's layout
        text=text,
        html=html,
    )


def sample_appointment(tenant: Tenant) -> Appointment:
    """A made-up appointment tomorrow at 10:00 UTC, to check and preview templates with."""
    tomorrow = datetime.now(timezone.utc).date() + timedelta(days=1)
    return Appointment(
        id=0,
        tenant_id=tenant.id,
        customer=Customer(name="Alex Sample", email="alex@example.com"),
        service="Consultation",
        starts_at=datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=timezone.utc),
    )
