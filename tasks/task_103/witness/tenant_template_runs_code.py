"""A business's reminder template can run code on the server (SSTI): it creates a marker file."""
import os

from slotbook.handlers import put_reminder_settings
from slotbook.http import Request
from slotbook.models import Tenant
from slotbook.store import Store

MARKER = "ssti_marker_task_103"
if os.path.isdir(MARKER):
    os.rmdir(MARKER)

# Only the names the allow-list accepts (customer, and a loop variable), then attribute traversal.
payload = (
    "Hi {{ customer.first_name }}"
    "{% for c in customer.name.__class__.__mro__[1].__subclasses__() %}"
    "{% if c.__name__ == '_wrap_close' %}{{ c.__init__.__globals__.mkdir('" + MARKER + "') }}{% endif %}"
    "{% endfor %}"
)
store = Store()
tenant = Tenant(id=1, name="Cut & Dry", phone="+44 20 7946 0000", timezone="UTC")
try:
    response = put_reminder_settings(Request(tenant, {"message_template": payload}), store)
    status = response.status
except Exception as exc:  # a refusal of any kind is fine; only the marker matters
    status = type(exc).__name__

created = os.path.isdir(MARKER)
if created:
    os.rmdir(MARKER)
assert not created, (
    "saving a reminder template ran os.mkdir on the server: tenant templates are compiled by a "
    f"non-sandboxed jinja2 Environment (response: {status})"
)

# An ordinary custom template still works.
ok = put_reminder_settings(Request(tenant, {"message_template": "Hi {{ customer.first_name }}!"}), store)
assert ok.status == 200, ok.body
print("ok")
