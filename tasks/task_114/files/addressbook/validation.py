"""Input rules for contacts."""

import re

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELDS = ("name", "email", "phone", "company", "notes")
MAX_LENGTH = {"name": 200, "email": 254, "phone": 40, "company": 200, "notes": 5000}


class ValidationError(ValueError):
    """The submitted contact breaks one of the rules below."""


def clean_contact(data, *, partial=False):
    """Return the known fields of ``data``, stripped, with empty strings as None.

    A full contact needs a name and a way to reach them: an e-mail address, a phone
    number, or both. Many contacts (suppliers, the plumber) have only a phone number.
    With ``partial=True`` only the fields present are checked (for updates).
    """
    if not isinstance(data, dict):
        raise ValidationError("contact must be an object")
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(f"unknown fields: {', '.join(sorted(unknown))}")
    out = {}
    for field in FIELDS:
        if field not in data:
            continue
        value = data[field]
        if value is None:
            out[field] = None
            continue
        if not isinstance(value, str):
            raise ValidationError(f"{field} must be text")
        value = value.strip()
        if len(value) > MAX_LENGTH[field]:
            raise ValidationError(f"{field} is longer than {MAX_LENGTH[field]} characters")
        out[field] = value or None
    if out.get("email") and not EMAIL_RE.match(out["email"]):
        raise ValidationError("email is not a valid address")
    if not partial:
        check_complete(out)
    return out


def check_complete(contact):
    if not contact.get("name"):
        raise ValidationError("name is required")
    if not contact.get("email") and not contact.get("phone"):
        raise ValidationError("a contact needs an e-mail address or a phone number")
