"""Render the public status page, incident pages and subscriber e-mails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.utils import htmlsafe_json_dumps

from . import filters
from .models import Component, Incident, Update

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters.update(linkify=filters.linkify, paragraphs=filters.paragraphs, duration=filters.duration)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str  # the text/plain part
    html: str  # the text/html part


def render_status_page(components: list[Component], incidents: list[Incident], *, now: datetime) -> str:
    open_incidents = [incident for incident in incidents if incident.resolved_at is None]
    return env.get_template("status.html").render(
        components=components, incidents=open_incidents, now=now
    )


def render_incident_page(incident: Incident, *, now: datetime) -> str:
    """The incident's page: newest update first; the page polls for updates posted after it."""
    poll_state = htmlsafe_json_dumps(
        {
            "url": f"/incidents/{incident.id}/updates.json",
            "seen": len(incident.updates),
            "title": incident.title,
        }
    )
    return env.get_template("incident.html").render(
        incident=incident,
        updates=incident.updates[::-1],
        poll_state=poll_state,
        now=now,
    )


def render_update_email(
    incident: Incident, update: Update, *, base_url: str, unsubscribe_url: str
) -> RenderedEmail:
    """The e-mail subscribers get when an update is posted: a text part and an HTML part."""
    context = {
        "incident": incident,
        "update": update,
        "page_url": f"{base_url.rstrip('/')}/incidents/{incident.id}",
        "unsubscribe_url": unsubscribe_url,
    }
    subject = " ".join(f"[{update.status.capitalize()}] {incident.title}".split())
    return RenderedEmail(
        subject=subject,
        text=env.get_template("email/update.txt").render(context),
        html=env.get_template("email/update.html").render(context),
    )
