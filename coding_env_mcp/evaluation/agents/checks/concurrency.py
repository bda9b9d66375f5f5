"""Rules for locks: blocking work while holding one, shared state mutated without one."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .base import (
    BLOCKING_CALL,
    BLOCKING_MODULES,
    LOCK_NAME,
    LOGIC_HIGH,
    MUTATORS,
    Candidate,
    FileContext,
    ancestors,
    dotted,
    last_part,
    walk_body,
)


def _is_blocking(call: ast.Call) -> bool:
    name = dotted(call.func)
    if not name:
        return False
    if name.startswith(BLOCKING_MODULES):
        return True
    part = last_part(name).lstrip("_")
    return part not in ("get", "wait", "acquire", "release", "notify", "notify_all") and bool(
        BLOCKING_CALL.search(part)
    )


def blocking_call_under_lock(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.With, ast.AsyncWith):
        locks = [dotted(item.context_expr) for item in node.items if LOCK_NAME.search(dotted(item.context_expr))]
        if not locks:
            continue
        for child in walk_body(node.body):
            if isinstance(child, ast.Call) and _is_blocking(child) and child.lineno in ctx.added:
                call = dotted(child.func)
                yield ctx.candidate(
                    "blocking-call-under-lock",
                    child.lineno,
                    ("performance", "logic", "high"),
                    0.6,
                    f"`{call}(...)` runs while `{locks[0]}` is held. It is a blocking call (network I/O, a remote "
                    "fetch, or a sleep) that can be slow or retry, and meanwhile every other thread that needs the "
                    "lock blocks behind it: one slow call stalls all callers (lock contention), even those that "
                    "only need data already cached. Make the call outside the critical section and hold the lock "
                    "only to read and update shared state (or use a per-key lock / single-flight).",
                )
                break


def unguarded_shared_state(ctx: FileContext) -> Iterator[Candidate]:
    """An attribute mutated under `with self._lock` in one method but without the lock in another."""
    for cls in ctx.nodes(ast.ClassDef):
        guarded: set[str] = set()
        unguarded: list[tuple[str, int, str]] = []
        held = _called_with_lock_held(ctx, cls)
        for method in cls.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or method.name == "__init__":
                continue
            for node in ast.walk(method):
                target = _mutated_attribute(node)
                if target is None:
                    continue
                if method.name in held or _under_lock(ctx, node, method):
                    guarded.add(target)
                else:
                    unguarded.append((target, node.lineno, method.name))
        for target, line, method_name in unguarded:
            if target in guarded and line in ctx.added and not LOCK_NAME.search(target):
                yield ctx.candidate(
                    "unguarded-shared-state",
                    line,
                    LOGIC_HIGH,
                    0.5,
                    f"Race condition: `{target}` is updated under the lock elsewhere in the class, but "
                    f"`{method_name}` mutates it without holding the lock. Concurrent threads can interleave here "
                    "(lost updates, check-then-act races, or iteration over a dict being changed). Take the same "
                    "lock around this access.",
                )
                break


def _under_lock(ctx: FileContext, node: ast.AST, method: ast.AST) -> bool:
    return any(
        isinstance(p, (ast.With, ast.AsyncWith)) and any(LOCK_NAME.search(dotted(i.context_expr)) for i in p.items)
        for p in ancestors(ctx, node, method)
    )


def _called_with_lock_held(ctx: FileContext, cls: ast.ClassDef) -> set[str]:
    """Private helpers every caller in the class invokes with the lock held (directly or via such a helper).

    A helper like `_finish` that only ever runs inside `with self._lock:` blocks of its callers is guarded,
    even though its own body takes no lock: flagging its writes would be a false alarm.
    """
    methods = {m.name: m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
    calls: dict[str, list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.Call]]] = {}
    for method in methods.values():
        for node in ast.walk(method):
            if isinstance(node, ast.Call) and dotted(node.func).startswith("self."):
                calls.setdefault(dotted(node.func)[5:], []).append((method, node))
    held: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in methods:
            if name in held or not name.startswith("_") or name.startswith("__") or not calls.get(name):
                continue
            if all(caller.name in held or _under_lock(ctx, call, caller) for caller, call in calls[name]):
                held.add(name)
                changed = True
    return held


def _mutated_attribute(node: ast.AST) -> str | None:
    targets: list[ast.AST] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    elif isinstance(node, ast.Delete):
        targets = list(node.targets)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
        targets = [node.func.value]
    for target in targets:
        while isinstance(target, ast.Subscript):
            target = target.value
        name = dotted(target)
        if name.startswith("self.") and name.count(".") == 1:
            return name
    return None


CALLBACK_COLLECTION = re.compile(r"(listeners|callbacks|handlers|subscribers|observers|hooks|watchers)$", re.I)
CALLBACK_NAME = re.compile(r"^_?(on_\w+|callback|listener|handler|hook)$", re.I)
HELD = re.compile(r"(lock|mutex|cond|condition)", re.I)


def callback_under_lock(ctx: FileContext) -> Iterator[Candidate]:
    """Foreign code (registered listeners, callbacks) called while a lock is held: deadlock by lock order.

    A listener that takes its own lock, or calls back into this object, runs with our lock held; two threads
    taking the two locks in opposite orders deadlock. Calls into code the class does not own belong after
    the lock is released (copy the listener list inside, call outside).
    """
    for block in ctx.nodes(ast.With, ast.AsyncWith):
        locks = [dotted(i.context_expr) for i in block.items if HELD.search(dotted(i.context_expr))]
        if not locks:
            continue
        for loop in walk_body(block.body):
            if not isinstance(loop, ast.For) or not CALLBACK_COLLECTION.search(dotted(loop.iter)):
                continue
            target = dotted(loop.target)
            for call in walk_body(loop.body):
                if isinstance(call, ast.Call) and dotted(call.func) == target and call.lineno in ctx.added:
                    yield _callback_candidate(ctx, call, locks[0], dotted(loop.iter))
                    break
        for call in walk_body(block.body):
            name = dotted(call.func) if isinstance(call, ast.Call) else ""
            if (
                name
                and CALLBACK_NAME.match(last_part(name))
                and not name.startswith("self._cond")
                and call.lineno in ctx.added
            ):
                if isinstance(call.func, ast.Attribute) and name.startswith("self.") and _is_method(ctx, call):
                    continue
                yield _callback_candidate(ctx, call, locks[0], name)  # type: ignore[arg-type]
                break


def _is_method(ctx: FileContext, call: ast.Call) -> bool:
    """`self.on_x(...)` names a method of the class (our own code), not a stored callback."""
    cls = ctx.parents.get(ctx.function_of(call)) if ctx.function_of(call) else None
    method = last_part(dotted(call.func))
    return isinstance(cls, ast.ClassDef) and any(
        isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m.name == method for m in cls.body
    )


def _callback_candidate(ctx: FileContext, call: ast.Call, lock: str, source: str) -> Candidate:
    return ctx.candidate(
        "callback-under-lock",
        call.lineno,
        LOGIC_HIGH,
        0.55,
        f"`{ast.unparse(call)}` calls foreign code (from `{source}`) while `{lock}` is held. A listener that "
        "takes another lock, or calls back into this object, now runs inside our critical section: if another "
        "thread holds that lock and waits for ours, both block forever (deadlock by lock-order inversion), and "
        "a slow listener stalls every caller. Copy what the listeners need under the lock and call them after "
        "releasing it.",
    )
