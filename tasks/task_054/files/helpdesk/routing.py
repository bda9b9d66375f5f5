"""Which team a new ticket goes to, by the sender's address."""

import re
import threading
from dataclasses import dataclass, field

from helpdesk.patterns import MAX_ADDRESS, compile_pattern, parse_pattern


@dataclass(frozen=True)
class Rule:
    team: str
    sender: str  # a sender pattern, see helpdesk/patterns.py
    matcher: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Normalise and check the pattern (PatternError if it is not one) and compile it once."""
        sender = parse_pattern(self.sender)
        object.__setattr__(self, "sender", sender)
        object.__setattr__(self, "matcher", compile_pattern(sender))

    def matches(self, address: str) -> bool:
        return self.matcher.fullmatch(address) is not None


class Router:
    """Rules are tried in order; the first whose pattern matches the sender wins.

    Writers swap in a new tuple under the lock; `route` reads whichever tuple is current.
    """

    def __init__(self, rules: list[Rule], default_team: str):
        self._lock = threading.Lock()
        self._rules = tuple(rules)
        self.default_team = default_team

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def add(self, rule: Rule) -> None:
        with self._lock:
            self._rules = (*self._rules, rule)

    def replace_all(self, rules: list[Rule]) -> None:
        with self._lock:
            self._rules = tuple(rules)

    def match(self, sender: str) -> Rule | None:
        """The first rule for this sender, or None."""
        address = sender.strip().lower()
        if len(address) > MAX_ADDRESS:
            return None
        for rule in self._rules:
            if rule.matches(address):
                return rule
        return None

    def route(self, sender: str) -> str:
        rule = self.match(sender)
        return rule.team if rule is not None else self.default_team
