"""Webhook filters: conditions on an event that decide whether a subscription receives it.

    type == "order.paid" and data.total >= 100
    data.country in ("US", "CA") or not data.tags contains "test"

A condition compares a field of the event (a dotted path into its JSON) with a literal: a string,
a number, true, false or null, or a parenthesised list for `in`. Conditions combine with `not`,
`and` and `or`, in that order of precedence, and parentheses.
"""

from __future__ import annotations

import ast
import operator
from typing import Any, Callable

import pyparsing as pp

pp.ParserElement.enable_packrat()

Predicate = Callable[[dict], bool]
MAX_FILTER_LENGTH = 1000
MAX_NESTING = 10


class FilterError(ValueError):
    """A filter that cannot be used; the message is returned to the API client."""


_MISSING = object()


def _lookup(event: dict, path: tuple[str, ...]) -> Any:
    value: Any = event
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _string_value(source: str, loc: int, tokens: pp.ParseResults) -> str:
    # quoted_string matches the literal as typed, quotes and backslash escapes included ("caf\u00e9",
    # 'it\'s'): decode it as a Python string literal.
    try:
        return ast.literal_eval(tokens[0])
    except (SyntaxError, ValueError):
        raise pp.ParseException(source, loc, "invalid escape in string") from None


KEYWORDS = pp.MatchFirst(
    pp.CaselessKeyword(word) for word in ("and", "or", "not", "in", "contains", "true", "false", "null")
)
NAME = pp.Word(pp.alphas + "_", pp.alphanums + "_")
FIELD = pp.Combine(~KEYWORDS + NAME + pp.ZeroOrMore("." + NAME)).set_name("field")
STRING = pp.quoted_string.copy().set_parse_action(_string_value)
NUMBER = pp.pyparsing_common.number.copy()
CONSTANT = (
    pp.CaselessKeyword("true").set_parse_action(pp.replace_with(True))
    | pp.CaselessKeyword("false").set_parse_action(pp.replace_with(False))
    | pp.CaselessKeyword("null").set_parse_action(pp.replace_with(None))
)
VALUE = (STRING | NUMBER | CONSTANT).set_name("value")
LIST = pp.Group(pp.Suppress("(") + pp.DelimitedList(VALUE) + pp.Suppress(")")).set_parse_action(
    lambda tokens: tuple(tokens[0])
)

_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _same_kind(a: Any, b: Any) -> bool:
    # JSON true is not 1: keep Python's bool/int equality out of filters.
    return isinstance(a, bool) == isinstance(b, bool)


def _comparison(tokens: pp.ParseResults) -> Predicate:
    field, op, expected = tokens[0], tokens[1].lower(), tokens[2]
    path = tuple(field.split("."))
    def predicate(event: dict) -> bool:
        actual = _lookup(event, path)
        if actual is _MISSING:
            return False  # a missing field satisfies no condition (use `not` for "absent or different")
        if op in ("==", "!=") and not _same_kind(actual, expected):
            return op == "!="
        if op == "in":
            return any(_same_kind(actual, item) and actual == item for item in expected)
        if op == "contains":
            if isinstance(actual, str):
                return isinstance(expected, str) and expected in actual
            return isinstance(actual, list) and any(
                _same_kind(item, expected) and item == expected for item in actual
            )
        try:
            return bool(_COMPARE[op](actual, expected))
        except TypeError:  # e.g. "abc" < 3
            return False

    return predicate


COMPARISON = (
    FIELD + pp.one_of("== != <= >= < >") + VALUE
    | FIELD + pp.CaselessKeyword("in") + LIST
    | FIELD + pp.CaselessKeyword("contains") + VALUE
).set_parse_action(_comparison)
NOT = pp.CaselessKeyword("not")
AND_OR = pp.CaselessKeyword("and") | pp.CaselessKeyword("or")


def _not(tokens: pp.ParseResults) -> Predicate:
    operand = tokens[0][1]
    return lambda event: not operand(event)


def _both(left: Predicate, right: Predicate) -> Predicate:
    return lambda event: left(event) and right(event)


def _either(left: Predicate, right: Predicate) -> Predicate:
    return lambda event: left(event) or right(event)


def _chain(tokens: pp.ParseResults) -> Predicate:
    # a and b or c ...: combine the operands pairwise, keeping short-circuit evaluation
    items = tokens[0]
    predicate = items[0]
    for word, operand in zip(items[1::2], items[2::2]):
        predicate = _both(predicate, operand) if word.lower() == "and" else _either(predicate, operand)
    return predicate


FILTER = pp.infix_notation(COMPARISON, [(NOT, 1, pp.OpAssoc.RIGHT, _not), (AND_OR, 2, pp.OpAssoc.LEFT, _chain)])


def _nesting(source: str) -> int:
    depth = deepest = 0
    for char in source:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


def compile_filter(source: str) -> Predicate:
    """Parse a filter into a predicate on events; FilterError says what is wrong with it."""
    if len(source) > MAX_FILTER_LENGTH:
        raise FilterError(f"filters are limited to {MAX_FILTER_LENGTH} characters")
    if _nesting(source) > MAX_NESTING:
        raise FilterError(f"filters may nest parentheses at most {MAX_NESTING} deep")
    try:
        return FILTER.parse_string(source, parse_all=True)[0]
    except pp.ParseBaseException as exc:
        raise FilterError(f"column {exc.column}: {exc.msg}") from None
    except RecursionError:  # e.g. a long run of `not not not ...`
        raise FilterError("filter is nested too deeply") from None
