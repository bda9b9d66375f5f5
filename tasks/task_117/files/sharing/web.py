"""HTTP handlers; the framework adapter passes the signed-in user (None for visitors)."""

import json

from .links import PERMISSIONS, InvalidLink, LinkExpired


def _json(status, data):
    return status, {"Content-Type": "application/json"}, json.dumps(data).encode()


def _masked(email):
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


class App:
    def __init__(self, store, links):
        self.store = store
        self.links = links

    def _own_doc(self, user, doc_id):
        doc = self.store.get(doc_id)
        if doc is None or user is None or doc.owner != user:
            return None
        return doc

    def _shared(self, method, token, action):
        if method == "GET" and action is None:
            try:
                grant = self.links.open(token)
            except LinkExpired:
                return _json(410, {"error": "link expired", "renew": f"/s/{token}/renew"})
            except InvalidLink:
                return _json(404, {"error": "no such link"})
            doc = self.store.get(grant.doc_id)
            return _json(200, {"title": doc.title, "body": doc.body, "permission": grant.permission})
        if method == "POST" and action == "renew":
            try:
                email = self.links.renew(token)
            except InvalidLink:
                return _json(404, {"error": "no such link"})
            return _json(202, {"sent_to": _masked(email)})
        return _json(404, {"error": "not found"})

    def handle(self, method, path, user=None, body=None):
        parts = [p for p in path.split("/") if p]
        if parts and parts[0] == "s" and len(parts) in (2, 3):
            return self._shared(method, parts[1], parts[2] if len(parts) == 3 else None)
        if len(parts) == 3 and parts[0] == "docs" and parts[1].isdigit() and method == "POST":
            doc = self._own_doc(user, int(parts[1]))
            if doc is None:
                return _json(404, {"error": "no such document"})
            body = body or {}
            if parts[2] == "share":
                email, permission = body.get("email"), body.get("permission", "view")
                if not isinstance(email, str) or "@" not in email or permission not in PERMISSIONS:
                    return _json(400, {"error": "email and a permission of view or comment"})
                self.links.share(doc, email.strip(), permission)
                return _json(202, {})
            if parts[2] == "stop-sharing":
                self.store.stop_sharing(doc.id)
                return _json(204, {})
        if len(parts) == 2 and parts[0] == "docs" and parts[1].isdigit():
            doc = self._own_doc(user, int(parts[1]))
            if doc is None:
                return _json(404, {"error": "no such document"})
            if method == "GET":
                return _json(200, {"id": doc.id, "title": doc.title, "body": doc.body})
            if method == "PUT":
                self.store.update_body(doc.id, str((body or {}).get("body", "")))
                return _json(204, {})
        return _json(404, {"error": "not found"})
