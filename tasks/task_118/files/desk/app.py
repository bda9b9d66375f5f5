"""The helpdesk web app."""

from __future__ import annotations

import os
import secrets

import bottle

from desk import store, uploads
from desk.auth import current_user

MAX_SUBJECT = 200


def make_app(db_path: str, upload_dir: str) -> bottle.Bottle:
    app = bottle.Bottle()
    db = store.connect(db_path)
    os.makedirs(upload_dir, exist_ok=True)

    @app.get("/tickets/<ticket_id:int>")
    def show_ticket(ticket_id):
        user = current_user(db)
        ticket = store.visible_ticket(db, ticket_id, user)
        if ticket is None:
            bottle.abort(404, "No such ticket.")
        return {
            "id": ticket["id"],
            "subject": ticket["subject"],
            "status": ticket["status"],
            "attachments": [
                {"id": a["id"], "name": a["name"], "media_type": a["media_type"], "size": a["size"]}
                for a in store.list_attachments(db, ticket_id)
            ],
        }

    @app.post("/tickets")
    def open_ticket():
        user = current_user(db)
        subject = (bottle.request.forms.getunicode("subject") or "").strip()
        if not subject or len(subject) > MAX_SUBJECT:
            bottle.abort(400, f"A subject of 1 to {MAX_SUBJECT} characters is required.")
        ticket_id = store.create_ticket(db, user.id, subject)
        bottle.response.status = 201
        return {"id": ticket_id}

    @app.post("/tickets/<ticket_id:int>/attachments")
    def attach_file(ticket_id):
        user = current_user(db)
        if store.visible_ticket(db, ticket_id, user) is None:
            bottle.abort(404, "No such ticket.")
        upload = bottle.request.files.get("file")
        if upload is None:
            bottle.abort(400, "Choose a file to attach.")
        try:
            data, media_type = uploads.read_upload(upload)
        except uploads.Rejected as exc:
            bottle.abort(exc.status, exc.message)
        name = uploads.display_name(upload, media_type)

        # Stored under a random id, never under the client's name: names collide and are
        # chosen by the client. The id is also what the download URL carries.
        attachment_id = secrets.token_hex(16)
        path = os.path.join(upload_dir, attachment_id)
        fh = open(path, "xb")
        try:
            with fh:
                fh.write(data)
            store.add_attachment(db, attachment_id, ticket_id, user.id, name, media_type, len(data))
        except BaseException:
            os.remove(path)
            raise
        bottle.response.status = 201
        return {"id": attachment_id, "name": name, "media_type": media_type, "size": len(data)}

    @app.get("/attachments/<attachment_id:re:[0-9a-f]{32}>")
    def download_attachment(attachment_id):
        user = current_user(db)
        attachment = store.visible_attachment(db, attachment_id, user)
        if attachment is None:
            bottle.abort(404, "No such attachment.")
        media_type = attachment["media_type"]
        # Pictures are shown in the ticket view; everything else (PDFs) is only ever downloaded.
        download = False if media_type in uploads.INLINE_TYPES else attachment["name"]
        return bottle.static_file(
            attachment["id"],
            root=upload_dir,
            mimetype=media_type,
            download=download,
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"},
        )

    return app
