"""JSON handlers for the business dashboard. request.tenant is the signed-in user's business."""

from __future__ import annotations

from jinja2 import TemplateError

from .http import Request, Response
from .models import ReminderSettings
from .reminders import DEFAULT_MESSAGE, DEFAULT_SUBJECT, build_reminder, sample_appointment
from .store import Store
from .templating import TenantTemplateError

DEFAULTS = {"subject_template": DEFAULT_SUBJECT, "message_template": DEFAULT_MESSAGE}


def get_appointment(request: Request, store: Store, appointment_id: int) -> Response:
    appointment = store.get_appointment(appointment_id)
    if appointment is None or appointment.tenant_id != request.tenant.id:
        return Response(404, {"error": "no such appointment"})
    return Response(
        200,
        {
            "id": appointment.id,
            "customer": appointment.customer.name,
            "service": appointment.service,
            "starts_at": appointment.starts_at.isoformat(),
            "notes": appointment.notes,
        },
    )


def get_reminder_settings(request: Request, store: Store) -> Response:
    settings = store.get_reminder_settings(request.tenant.id)
    return Response(
        200,
        {
            "enabled": settings.enabled,
            "hours_before": settings.hours_before,
            "subject_template": settings.subject_template or DEFAULT_SUBJECT,
            "message_template": settings.message_template or DEFAULT_MESSAGE,
            "customised": bool(settings.subject_template or settings.message_template),
        },
    )


def _settings_from(body: dict) -> ReminderSettings | Response:
    hours = body.get("hours_before", 24)
    if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= 72:
        return Response(422, {"error": "hours_before must be between 1 and 72"})
    templates = {}
    for name, default in DEFAULTS.items():
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            return Response(422, {"error": f"{name} must be a string"})
        # The unchanged default comes back from the form as it is: store None, not a copy.
        templates[name] = value if value and value != default else None
    return ReminderSettings(enabled=bool(body.get("enabled", True)), hours_before=hours, **templates)


def _try_render(request: Request, appointment, settings: ReminderSettings):
    """Render the reminder, or the 422 to answer when the business's templates cannot be used."""
    try:
        return build_reminder(request.tenant, appointment, settings)
    except (TenantTemplateError, TemplateError) as exc:
        # TemplateError: e.g. {{ customer.middle_name }}, a name we accept whose field does not exist
        return Response(422, {"error": str(exc)})


def put_reminder_settings(request: Request, store: Store) -> Response:
    settings = _settings_from(request.json)
    if isinstance(settings, Response):
        return settings
    rendered = _try_render(request, sample_appointment(request.tenant), settings)
    if isinstance(rendered, Response):
        return rendered
    store.save_reminder_settings(request.tenant.id, settings)
    return get_reminder_settings(request, store)


def preview_reminder(request: Request, store: Store) -> Response:
    """The reminder a draft would send: for the sample appointment, or for a real appointment_id."""
    settings = _settings_from(request.json)
    if isinstance(settings, Response):
        return settings
    appointment_id = request.json.get("appointment_id")
    if appointment_id is None:
        appointment = sample_appointment(request.tenant)
    elif not isinstance(appointment_id, int) or isinstance(appointment_id, bool):
        return Response(422, {"error": "appointment_id must be an integer"})
    else:
        appointment = store.get_appointment(appointment_id)
        if appointment is None:
            return Response(404, {"error": "no such appointment"})
    email = _try_render(request, appointment, settings)
    if isinstance(email, Response):
        return email
    return Response(200, {"to": email.to, "subject": email.subject, "text": email.text, "html": email.html})
