"""Hostile code against `run_python`, through a real MCP client, at the strongest level and at the fallback.

Each attack must be contained, give the agent a clear result, leave the server answering the next call,
and leave nothing of the sandbox running. The bubblewrap level is skipped (with the reason) only where
bubblewrap is missing or forbidden; CI installs it and sets CODING_ENV_MCP_TEST_EVERY_LEVEL=1, which
turns any such skip into a failure.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from mcp import Client

import coding_env_mcp
from coding_env_mcp.core.env import ReviewEnv
from coding_env_mcp.sandbox import IsolationError, PoolSettings, SandboxConfig, WorkerSandbox
from coding_env_mcp.server import build_server

from ..conftest import TASKS_DIR
from .support import stray_processes

pytestmark = pytest.mark.anyio

CANARY_NAME = "CODING_ENV_MCP_TEST_CANARY"
EVERY_LEVEL = os.environ.get("CODING_ENV_MCP_TEST_EVERY_LEVEL") == "1"
ANSWER_KEY = (TASKS_DIR / "task_easy_1" / "answer_key.toml").resolve()
WITNESS = (TASKS_DIR / "task_easy_1" / "witness" / "partial_last_page.py").resolve()
FIX = (TASKS_DIR / "task_easy_1" / "fix.patch").resolve()


def unavailable(reason: str) -> None:
    if EVERY_LEVEL:
        pytest.fail(f"every isolation level must be tested here, but: {reason}")
    pytest.skip(reason)


@dataclass
class Served:
    level: str
    sandbox: WorkerSandbox
    env: ReviewEnv
    canary: str


@pytest.fixture(scope="module", params=["bwrap", "uid"])
def served(request, registry) -> Iterator[Served]:
    level = request.param
    if level == "bwrap" and shutil.which("bwrap") is None:
        unavailable("bubblewrap is not installed (apt-get install -y bubblewrap)")
    if os.geteuid() != 0:
        unavailable(f"the {level} level's attack suite needs root (a dedicated uid per worker)")
    canary = secrets.token_hex(16)
    os.environ[CANARY_NAME] = canary  # a secret in the server's environment, set before any worker starts
    try:
        sandbox = WorkerSandbox(
            SandboxConfig(
                isolation=level,
                pool=PoolSettings(max_concurrent=2, warm_workers=1, max_workers=8),
                protect=(TASKS_DIR,),
            )
        )
    except IsolationError as exc:
        del os.environ[CANARY_NAME]
        unavailable(f"isolation level {level!r} does not work here: {exc}")
    env = ReviewEnv(registry, sandbox)
    yield Served(level, sandbox, env, canary)
    env.close()
    del os.environ[CANARY_NAME]


@pytest.fixture
async def client(served: Served) -> AsyncIterator[Client]:
    async with Client(build_server(served.env), mode="auto") as connected:
        yield connected


async def start(client: Client) -> str:
    result = await client.call_tool("reset_episode", {"task_id": "task_easy_1"})
    return result.structured_content["episode_id"]


async def run(client: Client, eid: str, code: str, timeout_s: float = 10) -> dict:
    result = await client.call_tool("run_python", {"episode_id": eid, "code": code, "timeout_s": timeout_s})
    assert not result.is_error, result.content[0].text
    return result.structured_content


async def recovers(client: Client, served: Served, eid: str) -> None:
    """The server answers the next call in the same episode, and no process of the sandbox is astray."""
    after = await run(client, eid, "print('alive')")
    assert after["stdout"] == "alive\n" and after["exit_code"] == 0, after
    assert after["isolation"] == served.level
    assert stray_processes(served.sandbox) == []


async def test_fork_bomb(client: Client, served: Served):
    eid = await start(client)
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    result = await run(client, eid, bomb, timeout_s=2)
    assert result["timed_out"] and result["state_lost"] and "wall-clock" in result["notice"]
    assert result["duration_s"] < 30  # killed, not hung
    await recovers(client, served, eid)


async def test_memory_bomb(client: Client, served: Served):
    eid = await start(client)
    result = await run(client, eid, "hoard = []\nwhile True:\n    hoard.append(bytearray(50 * 1024 * 1024))\n")
    assert result["exit_code"] == 1 and "MemoryError" in result["stderr"]
    assert not result["state_lost"]  # the limit binds the allocation, not the interpreter
    freed = await run(client, eid, "print(len(hoard) * 50 < 1024); del hoard")
    assert freed["stdout"] == "True\n"
    await recovers(client, served, eid)


async def test_cpu_loop(client: Client, served: Served):
    eid = await start(client)
    result = await run(client, eid, "x = 1\nwhile True:\n    x += 1\n", timeout_s=1)
    assert result["timed_out"] and result["exit_code"] < 0 and result["state_lost"]
    assert "timeout of 1s" in result["stderr"]
    await recovers(client, served, eid)


async def test_sleep_past_the_timeout_ignoring_sigterm(client: Client, served: Served):
    eid = await start(client)
    code = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('napping', flush=True)\ntime.sleep(600)\n"
    result = await run(client, eid, code, timeout_s=1)
    assert result["timed_out"] and result["stdout"] == "napping\n" and result["duration_s"] < 30
    await recovers(client, served, eid)


async def test_a_gigabyte_printed(client: Client, served: Served):
    eid = await start(client)
    code = "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\nprint('done', file=sys.stderr)\n"
    result = await run(client, eid, code, timeout_s=60)
    assert result["exit_code"] == 0 and result["stderr"] == "done\n"
    assert result["stdout_truncated"] and len(result["stdout"]) < 64 * 1024 + 200
    assert f"output truncated: {(1 << 30) - 64 * 1024} more bytes" in result["stdout"]
    await recovers(client, served, eid)


async def test_a_gigabyte_written_to_a_file(client: Client, served: Served):
    eid = await start(client)
    code = (
        "chunk = b'x' * (1 << 20)\nwith open('big.bin', 'wb') as out:\n    for _ in range(1024):\n"
        "        out.write(chunk)\n"
    )
    result = await run(client, eid, code, timeout_s=30)
    assert result["exit_code"] == 1 and "File too large" in result["stderr"] and not result["state_lost"]
    size = await run(client, eid, "import os\nprint(os.path.getsize('big.bin') <= 16 * 1024 * 1024)")
    assert size["stdout"] == "True\n"
    await recovers(client, served, eid)


async def test_filling_the_workspace_with_many_files(client: Client, served: Served):
    eid = await start(client)
    code = (
        "chunk = b'x' * (1 << 20)\nfor part in range(64):\n    with open(f'part{part}.bin', 'wb') as out:\n"
        "        for _ in range(15):\n            out.write(chunk)\n"
    )
    result = await run(client, eid, code, timeout_s=30)
    if served.level == "bwrap":  # the workspace is a tmpfs of 64 MB
        assert result["exit_code"] == 1 and "No space left on device" in result["stderr"]
    else:  # measured from outside, during and after the call
        assert result["state_lost"] and "workspace grew past its 64 MB limit" in result["notice"]
    await recovers(client, served, eid)


async def test_a_double_forked_daemon_does_not_survive_the_call(client: Client, served: Served):
    eid = await start(client)
    code = """
import os, signal, time
read_end, write_end = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.write(write_end, b"up")
        time.sleep(600)
    os._exit(0)
os.wait()
print("daemon", os.read(read_end, 2).decode())
"""
    result = await run(client, eid, code)
    assert result["stdout"] == "daemon up\n" and result["exit_code"] == 0 and not result["state_lost"]
    assert stray_processes(served.sandbox) == []
    await recovers(client, served, eid)


async def test_killing_the_parent_and_everything_else(client: Client, served: Served):
    eid = await start(client)
    code = """
import os, signal
for target in (os.getppid(), 1, -1):
    try:
        os.kill(target, signal.SIGKILL)
        print("sent", target)
    except OSError as exc:
        print("refused", target, type(exc).__name__)
"""
    result = await run(client, eid, code)
    assert result["exit_code"] is not None and not result["timed_out"]
    if served.level == "uid":  # the parent is the server (root) and pid 1 the host's init
        assert "refused" in result["stdout"].splitlines()[0] and "refused 1 PermissionError" in result["stdout"]
    await recovers(client, served, eid)


async def test_no_network_but_loopback(client: Client, served: Served):
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        eid = await start(client)
        code = f"""
import socket
try:
    print("interfaces", [name for _, name in socket.if_nameindex()])
except OSError as exc:
    print("interfaces refused", exc.errno)
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).close()
    print("CONNECTED")
except OSError as exc:
    print("connect failed", type(exc).__name__)
"""
        result = await run(client, eid, code)
        assert "CONNECTED" not in result["stdout"] and "connect failed" in result["stdout"]
        if served.level == "bwrap":
            assert "interfaces ['lo']" in result["stdout"]
        else:  # no sockets at all under the seccomp filter: not even netlink to list interfaces
            assert "interfaces refused 13" in result["stdout"]
        with pytest.raises(BlockingIOError):
            listener.accept()  # nothing ever reached the host's listener
        await recovers(client, served, eid)
    finally:
        listener.close()


async def test_answer_keys_are_unreachable(client: Client, served: Served):
    eid = await start(client)
    secret_text = ANSWER_KEY.read_text().split("summary", 1)[1][:60]
    targets = [ANSWER_KEY, WITNESS, FIX, ANSWER_KEY.parent]
    code = f"""
import os
targets = {[str(t) for t in targets]!r}
key = targets[0]
targets += [
    os.path.relpath(key, os.getcwd()),
    "../" * 24 + key.lstrip("/"),
    "/proc/1/root" + key,
    f"/proc/{{os.getppid()}}/root" + key,
    f"/proc/{{os.getppid()}}/cwd/tasks/task_easy_1/answer_key.toml",
]
for target in targets:
    try:
        if os.path.isdir(target):
            print("LISTED", target, os.listdir(target))
        else:
            print("READ", target, open(target).read())
    except OSError as exc:
        print("denied", type(exc).__name__, target)
"""
    result = await run(client, eid, code)
    assert "READ" not in result["stdout"] and "LISTED" not in result["stdout"], result["stdout"]
    assert secret_text not in result["stdout"] and result["stdout"].count("denied") == 9
    await recovers(client, served, eid)


async def test_the_servers_environment_is_unreachable(client: Client, served: Served):
    eid = await start(client)
    code = f"""
import os
name = {CANARY_NAME!r}.encode()
print("environment", sorted(os.environ))
for pid in sorted(p for p in os.listdir("/proc") if p.isdigit()):
    for part in ("environ", "cmdline"):
        try:
            data = open(f"/proc/{{pid}}/{{part}}", "rb").read()
        except OSError:
            continue
        if name in data:
            print("FOUND", pid, part, data)
"""
    result = await run(client, eid, code)
    assert served.canary not in result["stdout"] and "FOUND" not in result["stdout"]
    listed = result["stdout"].splitlines()[0]
    assert CANARY_NAME not in listed and listed.startswith("environment ['HOME', 'LANG', 'LC_ALL'")
    await recovers(client, served, eid)


async def test_writing_outside_the_workspace_fails(client: Client, served: Served):
    eid = await start(client)
    runtime = Path(served.sandbox.plan.runtime.executable)
    targets = [
        ANSWER_KEY,
        Path(coding_env_mcp.__file__),
        Path("/etc/passwd"),
        Path("/usr/lib/canary"),
        runtime.parent / "canary",
        served.sandbox.plan.dirs.root / "canary",
        served.sandbox.plan.dirs.workspaces / "canary",
        Path("/root/canary"),
        Path("/canary"),
    ]
    code = f"""
import os
for target in {[str(t) for t in targets]!r} + ["../../canary"]:
    try:
        with open(target, "a") as handle:
            handle.write("x")
        print("WROTE", target)
    except OSError as exc:
        print("denied", type(exc).__name__, target)
"""
    result = await run(client, eid, code)
    assert "WROTE" not in result["stdout"] and result["stdout"].count("denied") == len(targets) + 1, result["stdout"]
    await recovers(client, served, eid)


async def test_another_episodes_workspace_is_unreachable(client: Client, served: Served):
    secret = secrets.token_hex(12)
    first = await start(client)
    planted = await run(
        client,
        first,
        f"import os\nopen('secret-note.txt', 'w').write({secret!r})\nprint(os.getcwd())\nprint(os.getpid())",
    )
    where, pid = planted["stdout"].split()
    second = await start(client)
    code = f"""
import glob, os
paths = [
    {where!r} + "/secret-note.txt",
    "/proc/{pid}/cwd/secret-note.txt",
    "/proc/{pid}/root{where}/secret-note.txt",
    {str(served.sandbox.plan.dirs.root / "ws")!r},
    {str(served.sandbox.plan.dirs.workspaces)!r},
]
paths += glob.glob({str(served.sandbox.plan.dirs.root)!r} + "/ws/*/*/work/secret-note.txt")
paths += glob.glob("/proc/*/cwd/secret-note.txt") + glob.glob("/tmp/**/secret-note.txt", recursive=True)
for path in paths:
    try:
        print("found", path, open(path).read() if os.path.isfile(path) else os.listdir(path))
    except OSError as exc:
        print("denied", type(exc).__name__)
"""
    result = await run(client, second, code)
    assert secret not in result["stdout"] and "found" not in result["stdout"], result["stdout"]
    assert (await run(client, first, "print(open('secret-note.txt').read())"))["stdout"] == secret + "\n"
    await recovers(client, served, second)


SHM_FILL = """
import errno, os
total = 0
try:
    for i in range(64):
        with open(f"/dev/shm/part{i}", "wb") as f:
            for _ in range(8):
                f.write(b"x" * 1024 * 1024)
                total += 1
except OSError as exc:
    print("shm", total, errno.errorcode.get(exc.errno))
try:
    open("/dev/new-node", "wb").write(b"x")
except OSError as exc:
    print("dev", errno.errorcode.get(exc.errno))
"""


async def test_shared_memory_and_dev_cannot_hold_host_memory(client: Client, served: Served):
    """/dev/shm cannot pin host memory past the episode's budget. Under bubblewrap it is a 16 MB tmpfs of the
    worker's own and /dev is read-only; at the uid level it is the host's, so what the uid keeps there counts
    against the workspace limit (the call is stopped past it) and is removed with the worker."""
    eid = await start(client)
    result = await run(client, eid, SHM_FILL, timeout_s=30)
    if served.level == "bwrap":
        lines = dict(line.split(" ", 1) for line in result["stdout"].splitlines())
        written, error = lines["shm"].split()
        assert int(written) <= 16 and error == "ENOSPC", result
        assert lines["dev"] == "EROFS", result
    else:
        assert result["state_lost"] and "/dev/shm grew past its" in result["notice"], result
        owned = [entry for entry in os.scandir("/dev/shm") if entry.name.startswith("part")]
        deadline = time.monotonic() + 15  # removed with the worker, by the pool's janitor
        while owned and time.monotonic() < deadline:
            time.sleep(0.1)
            owned = [entry for entry in os.scandir("/dev/shm") if entry.name.startswith("part")]
        assert not owned
    await recovers(client, served, eid)
