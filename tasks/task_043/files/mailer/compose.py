"""Building transactional emails from the catalog."""

from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from mailer.catalog import CATALOG
from mailer.template import Template

SENDER = formataddr(("Larder & Co.", "orders@larder.example"))

# Compiled at import, so a broken template stops the app from starting rather than an email.
_COMPILED = {
    name: (Template(email.subject, "text"), Template(email.text, "text"), Template(email.html, "html"))
    for name, email in CATALOG.items()
}


def compose(name: str, context: Mapping[str, Any], *, to: str) -> EmailMessage:
    """The email `name` from the catalog, filled in from `context`, addressed to `to`.

    The message is multipart/alternative: a plain-text part, then the HTML part.
    """
    try:
        subject, text, html = _COMPILED[name]
    except KeyError:
        raise ValueError(f"no email called {name!r} in the catalog") from None
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = to
    # A value in the subject may contain line breaks; a header is one line.
    message["Subject"] = " ".join(subject.render(context).split())
    message.set_content(text.render(context))
    message.add_alternative(html.render(context), subtype="html")
    return message
