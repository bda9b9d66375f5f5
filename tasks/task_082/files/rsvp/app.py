"""The club's events site: event pages for members, and a small JSON API for the mobile app."""
from __future__ import annotations

import argparse
import os

import bottle

from rsvp import auth, csrf, pages
from rsvp.store import Store

STATUSES = ("yes", "no", "maybe")
MAX_GUESTS = 4
MAX_TOKENS = 10


class BadReply(ValueError):
    """A reply the form or the API cannot accept; its message is shown to the member."""


def make_app(store: Store, secret: bytes) -> bottle.Bottle:
    if len(secret) < 32:
        raise ValueError("the secret must be at least 32 bytes long")
    app = bottle.Bottle()
    protect = csrf.protect(secret)

    def member():
        user = auth.current_user(store)
        if user is None:
            bottle.abort(401, "Open the sign-in link from your e-mail first.")
        return user

    def form_token():
        return csrf.token_for(secret, auth.session_id())

    def event_or_404(event_id):
        event = store.event(event_id)
        if event is None:
            bottle.abort(404, "No such event.")
        return event

    def open_event(event_id):
        event = event_or_404(event_id)
        if store.now() > event["rsvp_by"]:
            bottle.abort(409, "Replies for this event are closed.")
        return event

    @app.get("/signin/<code>")
    def signin(code):
        user_id = store.use_signin_link(auth.hash_token(code))
        if user_id is None:
            bottle.abort(403, "This sign-in link has expired. Ask for a new one.")
        auth.start_session(store, user_id)
        bottle.redirect("/", 303)

    @app.post("/signout")
    @protect
    def signout():
        auth.end_session(store)
        bottle.redirect("/", 303)

    @app.get("/")
    def index():
        return pages.events(member(), form_token(), store.upcoming_events())

    @app.get("/events/<event_id:int>")
    def event(event_id):
        user = member()
        row = event_or_404(event_id)
        return pages.event(user, form_token(), row, store.rsvp(event_id, user["id"]), store.headcount(event_id),
                           closed=store.now() > row["rsvp_by"], max_guests=MAX_GUESTS)

    @app.post("/events/<event_id:int>/rsvp")
    @protect
    def rsvp(event_id):
        user = member()
        open_event(event_id)
        try:
            status, guests = _reply(bottle.request.forms.get("status"), bottle.request.forms.get("guests", ""))
        except BadReply as exc:
            bottle.abort(400, str(exc))
        store.set_rsvp(event_id, user["id"], status, guests)
        bottle.redirect(f"/events/{event_id}", 303)

    @app.get("/settings/tokens")
    def tokens():
        user = member()
        return pages.tokens(user, form_token(), store.api_tokens(user["id"]))

    @app.post("/settings/tokens")
    @protect
    def create_token():
        user = member()
        label = (bottle.request.forms.getunicode("label") or "").strip()
        if not 1 <= len(label) <= 60:
            bottle.abort(400, "Name the token (up to 60 characters), e.g. after the phone it is for.")
        if len(store.api_tokens(user["id"])) >= MAX_TOKENS:
            bottle.abort(409, f"You already have {MAX_TOKENS} tokens. Revoke one you no longer use first.")
        token = auth.new_secret()
        store.add_api_token(user["id"], auth.hash_token(token), label)
        # The only time the token is shown: keep the page out of every cache.
        bottle.response.set_header("Cache-Control", "no-store")
        return pages.tokens(user, form_token(), store.api_tokens(user["id"]), new_token=token)

    @app.post("/settings/tokens/<token_id:int>/revoke")
    @protect
    def revoke_token(token_id):
        user = member()
        if not store.revoke_api_token(user["id"], token_id):
            bottle.abort(404, "No such token.")
        bottle.redirect("/settings/tokens", 303)

    # JSON API for the mobile app.

    def api_member():
        user = auth.api_user(store)
        if user is None:
            bottle.response.set_header("WWW-Authenticate", 'Bearer realm="rsvp"')
            bottle.abort(401, "A valid API token is required.")
        return user

    @app.get("/api/events")
    def api_events():
        api_member()
        return {"events": [_event_json(row) for row in store.upcoming_events()]}

    @app.get("/api/events/<event_id:int>/rsvp")
    def api_rsvp(event_id):
        user = api_member()
        event_or_404(event_id)
        row = store.rsvp(event_id, user["id"])
        return {"event_id": event_id, "status": row["status"] if row else None, "guests": row["guests"] if row else 0}

    @app.put("/api/events/<event_id:int>/rsvp")
    def api_set_rsvp(event_id):
        user = api_member()
        open_event(event_id)
        body = bottle.request.json
        if not isinstance(body, dict):
            bottle.abort(400, 'Send a JSON object such as {"status": "yes", "guests": 1}.')
        try:
            status, guests = _reply(body.get("status"), body.get("guests", 0))
        except BadReply as exc:
            bottle.abort(400, str(exc))
        store.set_rsvp(event_id, user["id"], status, guests)
        return {"event_id": event_id, "status": status, "guests": guests, "headcount": store.headcount(event_id)}

    return app


def _reply(status, guests) -> tuple[str, int]:
    """A reply from the form (strings) or the API (JSON values): (status, guests)."""
    if status not in STATUSES:
        raise BadReply("Reply yes, no or maybe.")
    if isinstance(guests, str):
        try:
            guests = int(guests) if guests.strip() else 0
        except ValueError:
            raise BadReply("The number of guests must be a whole number.") from None
    elif type(guests) is not int:  # JSON true/false would pass isinstance(..., int)
        raise BadReply("The number of guests must be a whole number.")
    if not 0 <= guests <= MAX_GUESTS:
        raise BadReply(f"You can bring up to {MAX_GUESTS} guests.")
    return status, guests if status == "yes" else 0


def _event_json(row) -> dict:
    return {"id": row["id"], "title": row["title"], "starts_at": row["starts_at"], "rsvp_by": row["rsvp_by"]}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve the club's events site.")
    parser.add_argument("database", help="the SQLite database file")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    secret = os.environ.get("RSVP_SECRET", "")
    if len(secret) < 32:
        parser.error("set RSVP_SECRET to a random string of at least 32 characters")
    bottle.run(make_app(Store(args.database), secret.encode("utf-8")), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
