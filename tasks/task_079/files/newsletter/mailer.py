"""Builds the digest e-mails we send to each list."""

import html as html_lib
from email.message import EmailMessage

from newsletter.links import LinkSigner
from newsletter.settings import Settings
from newsletter.store import Subscriber


class DigestMailer:
    def __init__(self, settings: Settings, links: LinkSigner):
        self._settings = settings
        self._links = links

    def build(
        self, list_id: str, list_name: str, issue_id: int, subject: str, html: str, subscriber: Subscriber
    ) -> EmailMessage:
        view_url = self._links.view_url(issue_id, subscriber)
        unsubscribe_url = self._links.unsubscribe_url(subscriber, list_id)
        msg = EmailMessage()
        msg["From"] = self._settings.sender
        msg["To"] = subscriber.email
        msg["Subject"] = subject
        # RFC 2369 and RFC 8058: mail clients show their own "Unsubscribe" button and POST to the URL.
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        footer = (
            f'<p><a href="{view_url}">View this e-mail in your browser</a> · '
            f'<a href="{unsubscribe_url}">Unsubscribe from {html_lib.escape(list_name)}</a></p>'
        )
        msg.set_content(
            "This digest is best read in an e-mail client that shows HTML.\n\n"
            f"Unsubscribe from {list_name}: {unsubscribe_url}\n"
        )
        msg.add_alternative(html + footer, subtype="html")
        return msg
