"""One business can preview its draft against another business's appointment and read its customer."""
from datetime import datetime, timezone

from slotbook.handlers import get_appointment, preview_reminder
from slotbook.http import Request
from slotbook.models import Appointment, Customer, Tenant
from slotbook.store import Store

salon = Tenant(id=1, name="Cut & Dry", phone="020 1", timezone="UTC")
clinic = Tenant(id=2, name="Harley Physio", phone="020 2", timezone="UTC")
store = Store()
store.appointments[7] = Appointment(
    id=7,
    tenant_id=clinic.id,
    customer=Customer("Priya Raman", "priya.raman@example.org"),
    service="Pelvic floor assessment",
    starts_at=datetime(2024, 7, 1, 9, tzinfo=timezone.utc),
)

# The existing endpoint scopes the lookup to the signed-in business.
assert get_appointment(Request(salon), store, 7).status == 404

draft = {"message_template": "{{ customer.name }} / {{ appointment.service }}"}
response = preview_reminder(Request(salon, {**draft, "appointment_id": 7}), store)
leaked = response.status == 200 and "Priya Raman" in response.body.get("text", "")
assert not leaked, (
    "the salon's preview rendered the clinic's appointment 7 and returned its customer "
    f"({response.body.get('to')}: {response.body.get('text', '').strip()!r}); preview must 404 like get_appointment"
)
assert response.status == 404, response

# The business's own appointments still preview.
store.appointments[8] = Appointment(
    id=8, tenant_id=salon.id, customer=Customer("Maya Okafor", "m@example.com"), service="Cut",
    starts_at=datetime(2024, 7, 1, 9, tzinfo=timezone.utc),
)
own = preview_reminder(Request(salon, {**draft, "appointment_id": 8}), store)
assert own.status == 200 and "Maya Okafor / Cut" in own.body["text"], own
print("ok")
