"""`coding-env-mcp`: the stdio MCP server by default, plus task tooling.

    coding-env-mcp                       serve MCP over stdio (what Claude Desktop / Claude Code start)
    coding-env-mcp serve                 the same, explicitly
    coding-env-mcp serve --transport http --host 0.0.0.0 --port 8000
                                         SSE (/sse) + streamable HTTP (/mcp) + /health, /tasks, /grader
    coding-env-mcp tasks list            the task catalogue
    coding-env-mcp tasks show TASK_ID    one task's PR (add --answer-key to see the planted issues)
    coding-env-mcp tasks validate        check every task; exit 1 naming each failure
    coding-env-mcp tasks stats           the suite's composition
    coding-env-mcp tasks new ID --before DIR --after DIR    a new task folder from two trees
    coding-env-mcp episodes ...          list, show, export and prune the episode record
    coding-env-mcp eval ...              run an agent over the task suite through MCP and report
    coding-env-mcp doctor                which run_python isolation levels work here, and the one in force

Logs go to stderr only: stdout belongs to the MCP stream.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.env import ReviewEnv
from ..core.recorder import RecordingError
from ..core.tasks import TaskFormatError, default_tasks_dir
from ..evaluation.cli import add_eval_command
from ..http.settings import HTTP_TRANSPORTS, add_http_settings, http_settings
from ..sandbox import IsolationError
from .compose import (
    BUILD_GRACE_S,
    BackgroundEnv,
    ConfigError,
    EnvPlan,
    add_sandbox_settings,
    add_settings,
    build_env,
    plan_env,
    sandbox_config,
)
from .episodes import add_episodes_commands
from .tasks import add_tasks_commands

log = logging.getLogger("coding_env_mcp")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coding-env-mcp",
        description="An MCP server for playing and grading pull-request review episodes.",
    )
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    commands = parser.add_subparsers(dest="command")

    serve = commands.add_parser("serve", help="serve MCP over stdio (default), SSE or streamable HTTP")
    serve.add_argument(
        "--transport",
        choices=["stdio", *HTTP_TRANSPORTS],
        default="stdio",
        help="stdio (default); sse (/sse); streamable-http (/mcp); http: both plus /health, /tasks, /grader "
        "(every HTTP transport also serves those routes)",
    )
    add_settings(serve)
    add_http_settings(serve)

    add_tasks_commands(commands)
    add_episodes_commands(commands)
    add_eval_command(commands)

    doctor = commands.add_parser("doctor", help="probe the run_python isolation levels; exit 1 if unusable")
    doctor.add_argument("--json", action="store_true", help="print JSON")
    doctor.add_argument("--tasks-dir", type=Path, default=None, help="the task suite to protect (default: bundled)")
    add_sandbox_settings(doctor)
    doctor.set_defaults(func=_doctor)
    return parser


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No garbage collection while the server starts: importing the MCP SDK and building the tool schemas
    allocate hundreds of thousands of objects that all live as long as the server, so collecting meanwhile
    only costs time (about a tenth of the import). They are then frozen out of later collections."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _serve_stdio(args: argparse.Namespace) -> int:
    """Serve over stdio as soon as the settings check out; the task suite and the sandbox are built just after
    the client's handshake (see `BackgroundEnv`), so `initialize` and `tools/list` neither wait for them nor share
    the CPU with them."""
    plan = plan_env(args)

    def built() -> ReviewEnv:
        env = plan.build()
        log.info("serving %d tasks over stdio (isolation: %s)", len(env.registry), env.sandbox.isolation)
        log.info("recording episodes in %s", getattr(env.recorder, "path", "memory only"))
        return env

    def failed(exc: BaseException) -> None:
        print(f"coding-env-mcp: error: {exc}", file=sys.stderr, flush=True)
        os._exit(2)  # as a failed start: the client sees the server go, with the reason on stderr

    with _collection_paused():
        from ..server import build_server  # importing mcp costs ~0.5-1 s: only when serving

        # Built once the client's handshake is answered (at once if a required isolation level must be checked).
        env = BackgroundEnv(EnvPlan(built, plan.discard, plan.urgent), failed, delay_s=BUILD_GRACE_S)
        server = build_server(env)  # type: ignore[arg-type]  # a ReviewEnv once built; every use waits for it
    try:
        server.run()
    finally:
        env.close()
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.transport == "stdio":
        return _serve_stdio(args)
    settings = http_settings(args)  # refuse bad HTTP settings before loading the tasks
    from ..http.app import serve_http  # imports mcp, starlette and uvicorn

    with build_env(args) as env:
        log.info("recording episodes in %s", getattr(env.recorder, "path", "memory only"))
        serve_http(env, settings)
    return 0


def _doctor(args: argparse.Namespace) -> int:
    """Probe every isolation level, then start the sandbox as configured and time a few calls."""
    import time

    from ..sandbox import WorkerSandbox
    from ..sandbox.worker_sandbox import probe_all

    config = sandbox_config(args, protect=(Path(args.tasks_dir or default_tasks_dir()),))
    checks = probe_all(config)
    report: dict = {"levels": [vars(check) | {"notes": list(check.notes)} for check in checks]}
    try:
        with WorkerSandbox(config) as sandbox:
            report |= {key: value for key, value in sandbox.report().items() if key != "levels"}
            time.sleep(0.5)  # let the pool warm up, as a serving process would have
            session = sandbox.open_session({"probe.py": "VALUE = 42\n"})
            started = time.perf_counter()
            first = session.run("from probe import VALUE; print(VALUE)", 10)
            first_ms = (time.perf_counter() - started) * 1000
            timings = []
            for _ in range(50):
                started = time.perf_counter()
                session.run("print(1)", 10)
                timings.append((time.perf_counter() - started) * 1000)
            session.close()
        timings.sort()
        report["smoke"] = {
            "ok": first.stdout == "42\n" and first.exit_code == 0,
            "first_call_ms": round(first_ms, 2),
            "warm_call_p50_ms": round(timings[len(timings) // 2], 3),
        }
        error = None if report["smoke"]["ok"] else f"a test call returned {first!r}"
    except (IsolationError, ValueError) as exc:
        error = str(exc)
    report["error"] = error
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print("run_python isolation levels, strongest first:")
        for check in checks:
            print(f"  {check.level:<8} {'available' if check.available else 'unavailable':<12} {check.detail}")
            for note in check.notes:
                print(f"  {'':<8} {'':<12} note: {note}")
        if "isolation" in report:
            required = f", required: {config.require}" if config.require else ""
            print(f"in force: {report['isolation']} (asked: {config.isolation}{required})")
            print(f"runtime: {report['runtime']['python']} ({report['runtime']['origin']})")
            print(f"limits: {report['limits']}")
            print(f"pool: {report['pool']}")
        if "smoke" in report:
            smoke = report["smoke"]
            print(
                f"smoke test: {'ok' if smoke['ok'] else 'FAILED'}; a fresh session's first call "
                f"{smoke['first_call_ms']} ms, then print(1) p50 {smoke['warm_call_p50_ms']} ms"
            )
        if error:
            print(f"coding-env-mcp: error: {error}", file=sys.stderr)
    return 1 if error else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        if args.command in (None, "serve"):
            if args.command is None:
                args = _parser().parse_args([*(argv if argv is not None else sys.argv[1:]), "serve"])
            return _serve(args)
        if getattr(args, "func", None) is not None:
            return args.func(args)
        raise AssertionError(f"no handler for {args.command!r}")  # every sub-command sets func
    except (TaskFormatError, ConfigError, IsolationError) as exc:
        print(f"coding-env-mcp: error: {exc}", file=sys.stderr)
        return 2
    except RecordingError as exc:
        print(f"coding-env-mcp: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`tasks list | head`): stop quietly, as a shell tool does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
