"""Rules for retry loops that defeat their own safety: a de-duplication key made afresh on every attempt.

A retried write is safe only if the server can tell the retry from a new request: the client sends the
same idempotency key (request id, de-duplication token) with every attempt. A key generated inside the
retry loop is new each time, so when an attempt was processed but its response was lost (a timeout, a
reset connection, a 502), the retry is performed again: a second charge, a duplicate order. The key must
be made once, before the loop.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .base import LOGIC_HIGH, Candidate, FileContext, dotted, last_part, walk_body

DEDUP_NAME = re.compile(r"(idempot|dedup|de-dup|request[-_ ]?id)", re.I)
RETRY_NAME = re.compile(r"(attempt|retr|tries|try_)", re.I)
FRESH_ID = frozenset({"uuid4", "uuid1", "token_hex", "token_urlsafe", "token_bytes", "urandom", "getrandbits"})


def key_made_per_attempt(ctx: FileContext) -> Iterator[Candidate]:
    for loop in ctx.nodes(ast.For, ast.AsyncFor, ast.While):
        if not _is_retry_loop(loop):
            continue
        for node in walk_body(loop.body):
            if not isinstance(node, ast.Call) or last_part(dotted(node.func)) not in FRESH_ID:
                continue
            if node.lineno not in ctx.added:
                continue
            key = _dedup_destination(ctx, node)
            if key is None:
                continue
            yield ctx.candidate(
                "key-made-per-attempt",
                node.lineno,
                LOGIC_HIGH,
                0.55,
                f"The idempotency key ({key}) is generated inside the retry loop, so every attempt sends a new "
                "key and the server cannot de-duplicate the retry: when an attempt went through but its "
                "response was lost (timeout, reset connection, 502/504), the retry performs the write again "
                "(charged twice, a duplicate order). Generate the key once, before the loop, and reuse it on "
                "each attempt.",
            )
            break


def _is_retry_loop(loop: ast.For | ast.AsyncFor | ast.While) -> bool:
    """A loop that repeats the same request: counts attempts, backs off, or carries on after a failure."""
    if isinstance(loop, (ast.For, ast.AsyncFor)):
        loop_var = " ".join(n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name))
        if RETRY_NAME.search(loop_var) or RETRY_NAME.search(ast.unparse(loop.iter)):
            return True
    for node in walk_body(loop.body):
        if isinstance(node, ast.Call) and re.search(r"(sleep|backoff)", dotted(node.func), re.I):
            return True
    return False


def _dedup_destination(ctx: FileContext, call: ast.Call) -> str | None:
    """Where the fresh value goes when it is a de-duplication key: a header, a field, a variable so named."""
    current: ast.AST = call
    parent = ctx.parents.get(current)
    while parent is not None and not isinstance(parent, ast.stmt):
        if isinstance(parent, ast.keyword) and parent.arg and DEDUP_NAME.search(parent.arg):
            return f"`{parent.arg}`"
        if isinstance(parent, ast.Dict):
            for key, value in zip(parent.keys, parent.values, strict=True):
                if value is current and isinstance(key, ast.Constant) and DEDUP_NAME.search(str(key.value)):
                    return f"`{key.value}`"
        current, parent = parent, ctx.parents.get(parent)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        for target in targets:
            text = ast.unparse(target)
            if DEDUP_NAME.search(text):
                return f"`{text}`"
    return None
