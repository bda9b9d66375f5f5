"""JSON handlers for the contacts endpoints; the web layer passes in the signed-in user."""

from .store import DuplicateEmail, NotFound
from .validation import ValidationError


def _error(status, message):
    return status, {"error": message}


def _duplicate(exc):
    return 409, {"error": str(exc), "existing_id": exc.existing_id}


def list_contacts(store, user, email=None):
    if email is not None:
        contact = store.find_by_email(user, email)
        return 200, {"contacts": [contact] if contact else []}
    return 200, {"contacts": store.list(user)}


def create_contact(store, user, body):
    try:
        contact_id = store.add(user, body)
    except DuplicateEmail as exc:
        return _duplicate(exc)
    except ValidationError as exc:
        return _error(400, str(exc))
    return 201, store.get(user, contact_id)


def update_contact(store, user, contact_id, body):
    try:
        return 200, store.update(user, contact_id, body)
    except NotFound:
        return _error(404, "no such contact")
    except DuplicateEmail as exc:
        return _duplicate(exc)
    except ValidationError as exc:
        return _error(400, str(exc))


def delete_contact(store, user, contact_id):
    try:
        store.delete(user, contact_id)
    except NotFound:
        return _error(404, "no such contact")
    return 204, None
