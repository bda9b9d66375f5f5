"""Admin API for ticket routing rules."""

from helpdesk.http import Request, Response, json_response
from helpdesk.patterns import PatternError
from helpdesk.routing import Router, Rule
from helpdesk.rules_import import TEAM_RE, RulesImportError, decode_upload, parse_rules

PERMISSION = "routing.admin"


class RoutingAdmin:
    def __init__(self, router: Router):
        self._router = router

    def handle(self, request: Request) -> Response:
        if request.principal is None:
            return json_response(401, {"error": "sign in first"})
        if PERMISSION not in request.principal.permissions:
            return json_response(403, {"error": f"needs the {PERMISSION} permission"})
        if (request.method, request.path) == ("GET", "/admin/routing-rules"):
            return self._list()
        if (request.method, request.path) == ("POST", "/admin/routing-rules"):
            return self._add(request)
        if (request.method, request.path) == ("PUT", "/admin/routing-rules"):
            return self._import(request)
        if (request.method, request.path) == ("GET", "/admin/routing-rules/match"):
            return self._match(request)
        return json_response(404, {"error": "no such endpoint"})

    def _list(self) -> Response:
        rules = [{"team": r.team, "sender": r.sender} for r in self._router.rules]
        return json_response(200, {"rules": rules, "default_team": self._router.default_team})

    def _add(self, request: Request) -> Response:
        team = request.query.get("team", "").strip()
        if not TEAM_RE.fullmatch(team):
            return json_response(400, {"error": "team must be a team slug"})
        try:
            rule = Rule(team, request.query.get("sender", ""))
        except PatternError as exc:
            return json_response(400, {"error": str(exc)})
        self._router.add(rule)
        return json_response(201, {"team": rule.team, "sender": rule.sender})

    def _import(self, request: Request) -> Response:
        """Replace every rule with the uploaded CSV's, all or nothing."""
        try:
            rules = parse_rules(decode_upload(request.body, request.header("Content-Encoding")))
        except RulesImportError as exc:
            return json_response(400, {"error": str(exc)})
        self._router.replace_all(rules)
        return json_response(200, {"imported": len(rules)})

    def _match(self, request: Request) -> Response:
        """Which rule a sender would hit, for the "test an address" box on the admin page."""
        sender = request.query.get("sender", "")
        rule = self._router.match(sender)
        if rule is None:
            return json_response(200, {"team": self._router.default_team, "rule": None})
        return json_response(200, {"team": rule.team, "rule": {"team": rule.team, "sender": rule.sender}})
