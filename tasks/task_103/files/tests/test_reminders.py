from datetime import datetime, timezone

from slotbook.handlers import get_reminder_settings, preview_reminder, put_reminder_settings
from slotbook.http import Request
from slotbook.models import Appointment, Customer, ReminderSettings, Tenant
from slotbook.reminders import DEFAULT_MESSAGE, build_reminder
from slotbook.store import Store

SALON = Tenant(id=1, name="Cut & Dry", phone="+44 20 7946 0000", timezone="Europe/London")


def make_store():
    store = Store()
    store.tenants[SALON.id] = SALON
    store.appointments[10] = Appointment(
        id=10,
        tenant_id=SALON.id,
        customer=Customer("Maya <Okafor>", "maya@example.com"),
        service="Colour & cut",
        starts_at=datetime(2024, 7, 1, 13, 0, tzinfo=timezone.utc),
    )
    return store


def test_default_reminder():
    store = make_store()
    email = build_reminder(SALON, store.appointments[10], ReminderSettings())
    assert email.to == "maya@example.com"
    assert email.subject == "Reminder: Colour & cut on Monday 01 July at 14:00"
    assert email.text.startswith("Hello Maya,\n\nThis is a reminder of your Colour & cut with Cut & Dry")
    assert "<p>Hello Maya,</p>" in email.html
    assert "Colour &amp; cut" in email.html


def test_custom_templates_are_saved_and_used():
    store = make_store()
    request = Request(
        SALON,
        {
            "hours_before": 48,
            "subject_template": "See you {{ appointment.when }}!",
            "message_template": "Hi {{ customer.name }},\nyour {{ appointment.duration }} slot is booked.",
        },
    )
    response = put_reminder_settings(request, store)
    assert response.status == 200 and response.body["customised"] is True
    email = build_reminder(SALON, store.appointments[10], store.get_reminder_settings(SALON.id))
    assert email.subject == "See you Monday 01 July at 14:00!"
    assert email.text == "Hi Maya <Okafor>,\nyour 30 minutes slot is booked.\n"
    assert "<p>Hi Maya &lt;Okafor&gt;,<br>your 30 minutes slot is booked.</p>" in email.html


def test_unchanged_default_is_not_stored_as_a_copy():
    store = make_store()
    put_reminder_settings(Request(SALON, {"message_template": DEFAULT_MESSAGE}), store)
    assert store.get_reminder_settings(SALON.id).message_template is None
    assert get_reminder_settings(Request(SALON), store).body["customised"] is False


def test_bad_templates_are_refused():
    store = make_store()
    for template, message in [
        ("Hi {{ customer.name", "line 1"),
        ("Hi {{ staff_notes }}", "unknown placeholder: staff_notes"),
        ("Hi {{ customer.middle_name }}", "middle_name"),
    ]:
        response = put_reminder_settings(Request(SALON, {"message_template": template}), store)
        assert response.status == 422, template
        assert message in response.body["error"]
    assert store.get_reminder_settings(SALON.id).message_template is None


def test_preview_with_the_sample_and_with_a_real_appointment():
    store = make_store()
    draft = {"subject_template": "{{ customer.first_name }}, see you soon"}
    sample = preview_reminder(Request(SALON, draft), store)
    assert sample.status == 200 and sample.body["subject"] == "Alex, see you soon"
    real = preview_reminder(Request(SALON, {**draft, "appointment_id": 10}), store)
    assert real.status == 200 and real.body["subject"] == "Maya, see you soon"
    assert preview_reminder(Request(SALON, {**draft, "appointment_id": 99}), store).status == 404
    assert preview_reminder(Request(SALON, {**draft, "appointment_id": "10"}), store).status == 422
