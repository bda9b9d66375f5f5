"""The sandbox's pure parts: output capture, the seccomp program, limits and configuration parsing."""

from __future__ import annotations

import argparse

import pytest

from coding_env_mcp.cli.compose import ConfigError, add_settings, sandbox_config
from coding_env_mcp.sandbox import PoolSettings, SandboxConfig, SandboxLimits
from coding_env_mcp.sandbox.capture import CappedCapture
from coding_env_mcp.sandbox.kernel import _ARCHES, _NUMBERS, seccomp_program

TOKEN = b"\x1e" + b"ab" * 16 + b"\x1e"


@pytest.mark.parametrize("split", range(len(TOKEN) + 1))
def test_the_end_marker_is_found_wherever_reads_split_it(split: int):
    stream = b"hello " + TOKEN + b"late"
    capture = CappedCapture(TOKEN, cap=1000)
    first_cut = 6 + split
    capture.feed(stream[:first_cut])
    capture.feed(stream[first_cut:])
    assert capture.ended and bytes(capture.kept) == b"hello " and capture.after == b"late"


def test_output_past_the_cap_is_counted_and_marked():
    capture = CappedCapture(TOKEN, cap=10)
    for _ in range(100):
        capture.feed(b"x" * 7)
    capture.feed(TOKEN)
    text, truncated = capture.text()
    assert truncated and text.startswith("x" * 10) and "output truncated: 690 more bytes not shown" in text


def test_carried_bytes_open_the_next_call_and_a_stream_ending_early_keeps_everything():
    capture = CappedCapture(TOKEN, cap=100, carried=b"from before ")
    capture.feed(b"and now" + TOKEN[:5])
    capture.close()  # the worker died: no marker will come
    assert capture.text() == ("from before and now" + TOKEN[:5].decode(), False)


def _run_bpf(program: list[tuple[int, int, int, int]], arch: int, nr: int, arg0: int = 0) -> int:
    """A tiny classic-BPF interpreter for the instructions the filter uses."""
    data = {0: nr, 4: arch, 16: arg0}
    accumulator, pc = 0, 0
    while True:
        code, jt, jf, k = program[pc]
        if code == 0x20:
            accumulator, pc = data[k], pc + 1
        elif code == 0x06:
            return k
        else:
            taken = {0x15: accumulator == k, 0x35: accumulator >= k, 0x45: bool(accumulator & k)}[code]
            pc += 1 + (jt if taken else jf)


ALLOW, KILL = 0x7FFF0000, 0x80000000


def errno(value: int) -> int:
    return 0x00050000 | value


@pytest.mark.parametrize("machine", sorted(_ARCHES))
def test_the_seccomp_program_denies_what_it_should_and_nothing_else(machine: str):
    column, arch = _ARCHES[machine]
    nr = {name: numbers[column] for name, numbers in _NUMBERS.items()}
    strict = seccomp_program(machine, deny_sockets=True)
    loose = seccomp_program(machine, deny_sockets=False)
    read_syscall = 0 if machine == "x86_64" else 63
    assert _run_bpf(strict, arch, read_syscall) == ALLOW
    assert _run_bpf(strict, arch, nr["socket"]) == errno(13)
    assert _run_bpf(loose, arch, nr["socket"]) == ALLOW
    assert _run_bpf(strict, arch, nr["clone"], arg0=0x01200011) == ALLOW  # what fork() passes
    assert _run_bpf(strict, arch, nr["clone"], arg0=0x10000000) == errno(1)  # CLONE_NEWUSER
    assert _run_bpf(strict, arch, nr["clone"], arg0=0x40000000 | 0x11) == errno(1)  # CLONE_NEWNET
    assert _run_bpf(strict, arch, nr["clone3"]) == errno(38)
    for name in ("unshare", "setns", "ptrace", "bpf", "mount", "io_uring_setup", "keyctl"):
        assert _run_bpf(loose, arch, nr[name]) in (errno(1), errno(38)), name
    assert _run_bpf(strict, 0x40000003, read_syscall) == KILL  # an i386 syscall on an x86_64 kernel
    if machine == "x86_64":
        assert _run_bpf(strict, arch, 0x40000000 | 41) == KILL  # the x32 ABI


def test_unknown_machines_get_no_filter_rather_than_a_wrong_one():
    with pytest.raises(OSError, match="no syscall table for machine 'sparc64'"):
        seccomp_program("sparc64", deny_sockets=True)


def test_limits_and_pool_settings_name_the_bad_field():
    with pytest.raises(ValueError, match=r"SandboxLimits.memory_bytes must be greater than 0, got -1"):
        SandboxLimits(memory_bytes=-1)
    with pytest.raises(ValueError, match=r"default_timeout_s \(90\) must not exceed max_timeout_s \(60\)"):
        SandboxLimits(default_timeout_s=90)
    with pytest.raises(ValueError, match=r"max_workers \(2\) must be at least max_concurrent \+ warm_workers \(4\)"):
        PoolSettings(max_concurrent=2, warm_workers=2, max_workers=2)
    with pytest.raises(ValueError, match=r"unknown isolation level 'docker'; accepted: auto, process, uid, bwrap"):
        SandboxConfig(isolation="docker")
    with pytest.raises(ValueError, match=r"isolation 'uid' is below the required 'bwrap'"):
        SandboxConfig(isolation="uid", require="bwrap")


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_settings(parser)
    return parser.parse_args(list(argv))


def test_sandbox_settings_from_flags_and_environment(monkeypatch):
    config = sandbox_config(_args("--warm-workers", "0", "--workspace-mb", "8", "--isolation", "uid"))
    assert config.pool.warm_workers == 0 and config.limits.workspace_bytes == 8 << 20 and config.isolation == "uid"
    monkeypatch.setenv("CODING_ENV_MCP_REQUIRE_ISOLATION", "bwrap")
    assert sandbox_config(_args()).require == "bwrap"
    monkeypatch.setenv("CODING_ENV_MCP_ISOLATION", "chroot")
    with pytest.raises(
        ConfigError, match=r"CODING_ENV_MCP_ISOLATION='chroot' is not an isolation level; accepted: auto"
    ):
        sandbox_config(_args())
    with pytest.raises(ConfigError, match=r"--require-isolation='max' is not an isolation level"):
        sandbox_config(_args("--isolation", "auto", "--require-isolation", "max"))
    with pytest.raises(ConfigError, match=r"--max-workers='3' .*|max_workers \(3\) must be at least"):
        sandbox_config(_args("--isolation", "auto", "--max-workers", "3", "--run-concurrency", "2"))
    with pytest.raises(ConfigError, match=r"--run-concurrency='0' must be greater than 0"):
        sandbox_config(_args("--isolation", "auto", "--run-concurrency", "0"))


def test_the_isolation_doc_quotes_the_limits_the_code_applies():
    from pathlib import Path

    from coding_env_mcp.sandbox.uids import DEFAULT_UID_BASE

    doc = (Path(__file__).resolve().parents[2] / "docs" / "isolation.md").read_text()
    limits, pool, mb = SandboxLimits(), PoolSettings(), 1024 * 1024
    for claim in (
        f"| wall clock | {limits.default_timeout_s:g} s; `timeout_s` up to {limits.max_timeout_s:g} s |",
        f"{limits.worker_cpu_s} s over an interpreter's life",
        f"| memory | {limits.memory_bytes // mb} MB address space per process |",
        f"| processes and threads | {limits.max_processes} per worker |",
        f"| open files / largest file | {limits.max_open_files} / {limits.max_file_bytes // mb} MB |",
        f"| workspace | {limits.workspace_bytes // mb} MB (a tmpfs under `bwrap`",
        f"| output | {limits.max_output_bytes // 1024} KB kept per stream",
        f"| {pool.warm_workers} / {pool.max_workers} / {pool.idle_s:g} s |",
        f"(from `{DEFAULT_UID_BASE}`",
        f"up to {limits.max_processes} \u00d7 {limits.memory_bytes // mb} MB",
    ):
        assert claim in doc, claim
