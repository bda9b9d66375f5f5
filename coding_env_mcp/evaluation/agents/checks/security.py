"""Rules for security defects: shell and path injection, unsafe deserialisation, weak hashing and randomness, secrets."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .base import (
    DB_CALL,
    LOG_CALL,
    PATH_GUARDS,
    RANDOM_FUNCS,
    SECRET_NAME,
    SECURITY_HIGH,
    SECURITY_MEDIUM,
    TOKEN_CONTEXT,
    USER_PATH_PARAM,
    Candidate,
    FileContext,
    dotted,
    has_string,
    last_part,
    names_in,
)

PASSWORD_NAME = re.compile(r"(password|passwd|pwd)", re.I)
DERIVED_VALUE = re.compile(r"(hash|digest|hmac|fingerprint)", re.I)
HASH_PURPOSE = re.compile(r"(fingerprint|checksum|etag|cache|dedup|bucket|shard|version|stamp)", re.I)


def shell_injection(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        shell = any(
            k.arg == "shell" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords
        )
        system = dotted(node.func) in ("os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput")
        if not (shell or system) or node.lineno not in ctx.added:
            continue
        command = node.args[0] if node.args else None
        dynamic = command is not None and not isinstance(command, ast.Constant)
        yield ctx.candidate(
            "shell-injection",
            node.lineno,
            SECURITY_HIGH if dynamic else SECURITY_MEDIUM,
            0.65 if dynamic else 0.35,
            f"Command injection: `{dotted(node.func)}` runs its command through a shell"
            + (" and the command is built from variables" if dynamic else "")
            + ", so shell metacharacters in user input (; | $() `) execute arbitrary commands. Pass an argument "
            "list without shell=True (and shlex.quote if a shell is unavoidable).",
        )


UNSAFE_LOADERS = frozenset(
    {
        "pickle.loads",
        "pickle.load",
        "cPickle.loads",
        "marshal.loads",
        "dill.loads",
        "jsonpickle.decode",
        "shelve.open",
        "yaml.unsafe_load",
    }
)
SIGNATURE_CHECK = re.compile(r"(compare_digest|verify|unsign|check_signature|hmac)", re.I)
STORED_DATA = re.compile(r"(row|record|stored|cached|saved)", re.I)


def _unsafe_loader(node: ast.Call) -> str | None:
    """`pickle.loads`, or `yaml.load` without a safe Loader: the loader's name, else None."""
    name = dotted(node.func)
    if name in ("yaml.load", "yaml.load_all"):
        loader = next(
            (k.value for k in node.keywords if k.arg == "Loader"), node.args[1] if len(node.args) > 1 else None
        )
        return name if loader is None or "Safe" not in dotted(loader) else None
    return name if name in UNSAFE_LOADERS else None


def unsafe_deserialisation(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        name = _unsafe_loader(node)
        if name and node.lineno in ctx.added:
            yield ctx.candidate(
                "unsafe-deserialisation",
                node.lineno,
                SECURITY_HIGH,
                0.6,
                f"Insecure deserialisation: `{name}` can construct arbitrary objects, so data from an untrusted "
                "source (a request, a cookie, a file a user uploaded) leads to remote code execution. Use a data "
                "format such as JSON, or yaml.safe_load.",
            )


def deserialisation_through_helper(ctx: FileContext) -> Iterator[Candidate]:
    """Caller input handed to a project function that unpickles its argument (a codec, a blob helper).

    The helper may be fine for data the service wrote itself; the defect is the new call that feeds it
    something a caller passed in. Helpers that check a signature first, and arguments read from stored
    rows, are spared; a loader the PR itself adds is reported where it is (`unsafe_deserialisation`).
    """
    for node in ctx.nodes(ast.Call):
        if node.lineno not in ctx.added or not node.args:
            continue
        helper = ctx.resolve(node)
        if not isinstance(helper, (ast.FunctionDef, ast.AsyncFunctionDef)) or helper is ctx.function_of(node):
            continue
        loaders = [n for n in ast.walk(helper) if isinstance(n, ast.Call) and _unsafe_loader(n)]
        if not loaders or SIGNATURE_CHECK.search(ast.unparse(helper)):
            continue
        if ctx.project is not None and ctx.project.is_added(helper, loaders[0]):
            continue  # the loader is new in this PR: reported where it is, not at every caller
        caller = ctx.function_of(node)
        inputs = _from_params(ctx, caller) if caller is not None else set()
        read = {name.split(".")[0] for name in names_in(node.args[0])}
        if not (read & inputs):
            continue
        loader = _unsafe_loader(loaders[0])
        yield ctx.candidate(
            "deserialisation-through-helper",
            node.lineno,
            ("security", "security", "critical"),
            0.55,
            f"Insecure deserialisation: `{ast.unparse(node.func)}` unpickles its argument (it calls `{loader}`), "
            f"and here it is given `{ast.unparse(node.args[0])}`, which comes from the caller of "
            f"`{caller.name if caller else ''}` (untrusted input: a request body, an upload, an import file). A "
            "crafted payload (__reduce__) runs arbitrary code on load: remote code execution. Checks made after "
            "loading come too late. Parse a data format (JSON) with validation instead.",
        )


def _from_params(ctx: FileContext, function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The function's parameters and the locals computed from them (not what a query reads from storage)."""
    tainted = {p for p in ctx.params(function) if not STORED_DATA.search(p)}
    assigns = sorted(
        (n for n in ast.walk(function) if isinstance(n, ast.Assign)), key=lambda n: (n.lineno, n.col_offset)
    )
    for assign in assigns:
        stored = any(
            isinstance(n, ast.Call) and (DB_CALL.match(last_part(dotted(n.func))) or "fetch" in dotted(n.func))
            for n in ast.walk(assign.value)
        )
        if not stored and {name.split(".")[0] for name in names_in(assign.value)} & tainted:
            for target in assign.targets:
                tainted.update(
                    n.id for n in ast.walk(target) if isinstance(n, ast.Name) and not STORED_DATA.search(n.id)
                )
    return tainted


def dynamic_eval(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        dynamic = node.args and not isinstance(node.args[0], ast.Constant)
        if dotted(node.func) in ("eval", "exec") and dynamic and node.lineno in ctx.added:
            params = ctx.params(ctx.function_of(node))
            from_caller = any(name.split(".")[0] in params for name in names_in(node.args[0]))
            yield ctx.candidate(
                "dynamic-eval",
                node.lineno,
                ("security", "security", "critical"),
                0.6 if from_caller else 0.4,
                f"Code injection: `{dotted(node.func)}` runs a string built at run time; if any part of it "
                "comes from user input, a caller executes arbitrary code. Parse the data instead "
                "(ast.literal_eval, json).",
            )


def path_traversal(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call, ast.BinOp):
        if node.lineno not in ctx.added:
            continue
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name in ("os.path.join", "Path", "pathlib.Path", "send_from_directory") and len(node.args) >= 2:
                operands: list[ast.AST] = list(node.args[1:])  # joined onto a base: the first argument
            elif name.endswith("joinpath"):
                operands = list(node.args)
            else:
                continue
        elif isinstance(node.op, ast.Div) and (
            isinstance(node.left, (ast.Call, ast.Name, ast.Attribute, ast.BinOp))
            and re.search(r"(path|dir|root|base|folder|Path)", ast.unparse(node.left))
        ):
            operands = [node.right]
        else:
            continue
        function = ctx.function_of(node)
        params = [p for p in ctx.params(function) if USER_PATH_PARAM.search(p)]
        used = [name for operand in operands for name in names_in(operand) if name in params]
        if not used or set(PATH_GUARDS) & ctx.calls_in(function) or has_string(function or node, "..", "../"):
            continue
        yield ctx.candidate(
            "path-traversal",
            node.lineno,
            SECURITY_HIGH,
            0.5,
            f"Path traversal: `{used[0]}` comes from the caller and is joined into a filesystem path without "
            "normalising it and checking it stays inside the base directory, so `../` sequences or an absolute "
            "path escape it and read or overwrite arbitrary files. Resolve the path and check "
            "Path.is_relative_to(base) (or reject path separators).",
        )


def weak_password_hash(ctx: FileContext) -> Iterator[Candidate]:
    """A fast hash of a plaintext password, i.e. password storage; not a digest used as an identifier.

    Hashing an already-derived value (a stored `password_hash`, a digest) to get a fingerprint, a cache key
    or an id is not password storage, and neither is a digest whose job the code names (`fingerprint`,
    `checksum`, `etag`, ...): the function or the value it is assigned to says what the hash is for.
    """
    for node in ctx.nodes(ast.Call):
        name = dotted(node.func)
        if not re.match(r"^hashlib\.(md5|sha1|sha224|sha256|sha384|sha512|new)$", name) or node.lineno not in ctx.added:
            continue
        hashed = [n for arg in node.args for n in names_in(arg)]
        if any(DERIVED_VALUE.search(last_part(n)) for n in hashed if PASSWORD_NAME.search(n)):
            continue  # hashing a stored hash: a fingerprint of it, not the password
        function = ctx.function_of(node)
        purpose = ctx.assigned_name(node) + " " + (function.name if function else "")
        if HASH_PURPOSE.search(purpose):
            continue
        if PASSWORD_NAME.search(" ".join(hashed) + " " + purpose):
            yield ctx.candidate(
                "weak-password-hash",
                node.lineno,
                SECURITY_HIGH,
                0.55,
                f"Weak password hashing: `{name}` is a fast, unsalted hash, so leaked hashes are cracked by brute "
                "force or rainbow tables. Use a slow salted KDF (bcrypt, scrypt, argon2, hashlib.pbkdf2_hmac).",
            )


def insecure_random(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        if dotted(node.func) not in RANDOM_FUNCS or node.lineno not in ctx.added:
            continue
        function = ctx.function_of(node)
        subject = ctx.assigned_name(node) + " " + (function.name if function else "")
        if TOKEN_CONTEXT.search(subject):
            yield ctx.candidate(
                "insecure-random",
                node.lineno,
                SECURITY_HIGH,
                0.55,
                f"Predictable secret: `{dotted(node.func)}` uses the Mersenne Twister PRNG, which is not "
                "cryptographically secure, so tokens made from it can be predicted. Use the secrets module.",
            )


def tls_verification_disabled(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call, ast.Attribute):
        if node.lineno not in ctx.added:
            continue
        bad = (
            isinstance(node, ast.Call)
            and any(
                k.arg == "verify" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in node.keywords
            )
        ) or (
            isinstance(node, ast.Attribute)
            and (
                node.attr == "_create_unverified_context"
                or (node.attr == "CERT_NONE" and isinstance(ctx.parents.get(node), (ast.Assign, ast.keyword)))
            )
        )
        if bad:
            yield ctx.candidate(
                "tls-verification-disabled",
                node.lineno,
                SECURITY_HIGH,
                0.6,
                "TLS certificate verification is disabled, so anyone on the network path can impersonate the "
                "server (man-in-the-middle) and read or alter the traffic, credentials included.",
            )


def timing_unsafe_compare(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Compare):
        if node.lineno not in ctx.added or not all(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            continue
        sides = [node.left, *node.comparators]
        if any(isinstance(side, ast.Constant) for side in sides):
            continue
        if any(_guessable_secret(dotted(side) or ast.unparse(side)) for side in sides):
            yield ctx.candidate(
                "timing-unsafe-compare",
                node.lineno,
                SECURITY_MEDIUM,
                0.45,
                f"`{ast.unparse(node)}` compares a secret with ==, which stops at the first differing byte: the "
                "response time leaks how much matched (timing side channel). Use hmac.compare_digest.",
            )


def _guessable_secret(text: str) -> bool:
    """A value an attacker could learn byte by byte from the comparison's timing: a token, key, signature.

    A salted password hash or a fingerprint of one is not: its bytes cannot be steered from outside, so
    timing reveals nothing usable (and comparing it is usually a compare-and-swap on stored state).
    """
    if not (SECRET_NAME.search(text) or re.search(r"(signature|hmac|digest|csrf|\bmac\b)", text, re.I)):
        return False
    return not (re.search(r"fingerprint", text, re.I) or (PASSWORD_NAME.search(text) and DERIVED_VALUE.search(text)))


def hardcoded_secret(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Assign, ast.AnnAssign):
        value = node.value
        if node.lineno not in ctx.added or not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        name = " ".join(dotted(t) for t in targets)
        secret = value.value
        looks_real = (
            len(secret) >= 8
            and not re.search(r"[\s/]", secret)
            and re.search(r"\d", secret) is not None
            and re.search(r"[A-Za-z]", secret) is not None
        )
        excluded = re.search(r"(header|name|field|env|url|prefix|path)", name, re.I)
        if SECRET_NAME.search(name) and looks_real and not excluded:
            yield ctx.candidate(
                "hardcoded-secret",
                node.lineno,
                SECURITY_HIGH,
                0.45,
                f"Hard-coded credential: `{name}` is a secret committed in source, readable by anyone with the "
                "code and impossible to rotate without a deploy. Load it from the environment or a secret store.",
            )


def logged_secret(ctx: FileContext) -> Iterator[Candidate]:
    for node in ctx.nodes(ast.Call):
        name = dotted(node.func)
        if not LOG_CALL.search(name):
            continue
        if node.lineno not in ctx.added:
            continue
        read = [n for arg in node.args for n in names_in(arg)]
        leaked = [n for n in read if SECRET_NAME.search(last_part(n)) and not re.search(r"(len|count|id$)", n)]
        if leaked:
            yield ctx.candidate(
                "logged-secret",
                node.lineno,
                SECURITY_MEDIUM,
                0.45,
                f"Sensitive data in logs: `{leaked[0]}` is written to the log, where it is kept, shipped and read "
                "by people and systems that must not see credentials. Log an identifier or a redacted form.",
            )


def predictable_temp_file(ctx: FileContext) -> Iterator[Candidate]:
    """A file path made by joining a chosen name onto the shared temp directory (CWE-377).

    Anyone on the machine can pre-create that name, or a symlink with it, before we open it: we then write
    through their link or read their data. tempfile.mkstemp / NamedTemporaryFile / mkdtemp pick an
    unpredictable name and create it exclusively, which is the safe form (and is not flagged).
    """
    for node in ctx.nodes(ast.Call):
        if dotted(node.func) not in ("os.path.join", "posixpath.join") or node.lineno not in ctx.added:
            continue
        base = node.args[0] if node.args else None
        shared = (isinstance(base, ast.Call) and last_part(dotted(base.func)) == "gettempdir") or (
            isinstance(base, ast.Constant) and base.value in ("/tmp", "/tmp/", "/var/tmp")
        )
        if not shared or len(node.args) < 2:
            continue
        yield ctx.candidate(
            "predictable-temp-file",
            node.lineno,
            SECURITY_HIGH,
            0.55,
            f"Insecure temporary file: `{ast.unparse(node)}` is a predictable name in the shared temp directory. "
            "Another local user can create it first, or plant a symlink with that name, and open(path, 'w') "
            "follows the link and truncates whatever it points to (or we read their data). Use "
            "tempfile.mkstemp / NamedTemporaryFile / mkdtemp, which create an unpredictable name exclusively.",
        )
