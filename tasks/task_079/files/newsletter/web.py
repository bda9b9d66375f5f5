"""The public pages behind the links in our e-mails."""

import html
from dataclasses import dataclass, field
from typing import Mapping

from newsletter.links import InvalidLink, LinkSigner
from newsletter.store import SubscriberStore


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


NOT_FOUND = "<h1>This link is not valid</h1>"


class NewsletterPages:
    def __init__(
        self, links: LinkSigner, store: SubscriberStore, archive: Mapping[int, str], list_names: Mapping[str, str]
    ):
        self._links = links
        self._store = store
        self._archive = archive
        self._list_names = list_names

    def view_issue(self, issue_id: int, token: str) -> Response:
        """GET /issues/<id>/view?t=<token>: the web copy of a digest we mailed."""
        try:
            self._links.read_view_token(token, issue_id)
        except InvalidLink:
            return Response(404, NOT_FOUND)
        if issue_id not in self._archive:
            return Response(404, NOT_FOUND)
        return Response(200, self._archive[issue_id])

    def unsubscribe_form(self, token: str) -> Response:
        """GET /unsubscribe/<token>: ask first. Mail scanners follow every link in a message, so a GET
        never changes anything; the button POSTs back to the same URL."""
        try:
            _, list_id = self._links.read_unsubscribe_token(token)
        except InvalidLink:
            return Response(404, NOT_FOUND)
        name = html.escape(self._list_names.get(list_id, list_id))
        return Response(
            200,
            f'<form method="post"><p>Stop sending you {name}?</p><button>Unsubscribe</button></form>',
        )

    def unsubscribe(self, token: str) -> Response:
        """POST /unsubscribe/<token>: from our form, or a mail client's one-click button (RFC 8058)."""
        try:
            subscriber_id, list_id = self._links.read_unsubscribe_token(token)
        except InvalidLink:
            return Response(404, NOT_FOUND)
        # Answer the same whether or not they were still on the list: the click may be a repeat.
        self._store.unsubscribe(subscriber_id, list_id)
        name = html.escape(self._list_names.get(list_id, list_id))
        return Response(200, f"<p>You will no longer receive {name}.</p>")
