# Clean PR: bucket() is 0..99, so `bucket < rollout` gives exactly 0 % at 0 and 100 % at 100;
# `"rollout": true` is rejected although bool is an int; user id 0 is a user (`is not None`);
# reload() swaps flags and overrides in one assignment, keeps the old state when the new file is
# bad, and readers take one snapshot; bad files and env settings raise ConfigError.
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from flags.config import ConfigError, FlagSpec, load_flags
from flags.evaluate import FeatureFlags, UnknownFlag, bucket

USERS = range(20_000)

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "flags.json"

    def write(data):
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    # Every bucket 0..99 occurs, nothing outside it.
    buckets = {bucket("f", user) for user in USERS}
    assert buckets == set(range(100)), (min(buckets), max(buckets), len(buckets))

    # rollout r enables exactly the users in the r lowest buckets: none at 0, all at 100.
    for rollout in (0, 1, 25, 50, 99, 100):
        flags = FeatureFlags.from_file(write({"f": {"enabled": True, "rollout": rollout}}), environ={})
        chosen = [user for user in USERS if flags.is_enabled("f", user_id=user)]
        assert chosen == [user for user in USERS if bucket("f", user) < rollout]
        share = len(chosen) / len(USERS) * 100
        assert abs(share - rollout) < 2, (rollout, share)
        if rollout == 0:
            assert chosen == []
        if rollout == 100:
            assert len(chosen) == len(USERS) and flags.is_enabled("f"), "100 % includes anonymous requests"
        elif rollout:
            assert not flags.is_enabled("f"), "a partial rollout needs a user"
    # User id 0 is bucketed like any other user, and str/int ids agree.
    flags = FeatureFlags.from_file(write({"f": {"enabled": True, "rollout": bucket("f", 0) + 1}}), environ={})
    assert flags.is_enabled("f", user_id=0) and flags.is_enabled("f", user_id="0")

    # Buckets are stable across processes (hash() would not be, with hash randomisation).
    code = "from flags.evaluate import bucket; print([bucket('f', u) for u in range(50)])"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": os.getcwd()},
    ).stdout
    assert json.loads(out) == [bucket("f", u) for u in range(50)]
    # Independent between flags.
    a = {u for u in USERS if bucket("a", u) < 10}
    b = {u for u in USERS if bucket("b", u) < 10}
    assert len(a & b) < len(a) / 3, len(a & b)

    # Tenants and the kill switch.
    flags = FeatureFlags.from_file(write({
        "t": {"enabled": True, "rollout": 0, "tenants": ["acme"]},
        "k": {"enabled": False, "rollout": 100, "tenants": ["acme"]},
        "plain": True,
    }), environ={})
    assert flags.is_enabled("t", tenant="acme") and flags.is_enabled("t", user_id=5, tenant="acme")
    assert not flags.is_enabled("t", user_id=5, tenant="globex") and not flags.is_enabled("t", user_id=5)
    assert not any(flags.is_enabled("k", user_id=u, tenant="acme") for u in range(100))
    assert flags.is_enabled("plain") and flags.names() == ["k", "plain", "t"]
    try:
        flags.is_enabled("missing")
    except UnknownFlag:
        pass
    else:
        raise AssertionError("unknown flag did not raise")
    assert FeatureFlags({"x": True, "y": FlagSpec(False)}).is_enabled("x"), "bools are still accepted"

    # Malformed files are rejected, with ConfigError and nothing else.
    bad_files = [
        [], 3, {"Bad": True}, {"x": None}, {"x": 1}, {"x": "on"}, {"x": {}}, {"x": {"enabled": 1}},
        {"x": {"enabled": True, "rollout": True}}, {"x": {"enabled": True, "rollout": False}},
        {"x": {"enabled": True, "rollout": -1}}, {"x": {"enabled": True, "rollout": 101}},
        {"x": {"enabled": True, "rollout": 50.0}}, {"x": {"enabled": True, "rollout": "50"}},
        {"x": {"enabled": True, "tenants": "acme"}}, {"x": {"enabled": True, "tenants": [""]}},
        {"x": {"enabled": True, "tenants": [1]}}, {"x": {"enabled": True, "extra": 1}},
    ]
    for data in bad_files:
        try:
            load_flags(write(data))
        except ConfigError:
            pass
        else:
            raise AssertionError(f"accepted {data!r}")
    for raw in (b"\xff\xfe{", b"{not json", b""):
        path.write_bytes(raw)
        try:
            load_flags(path)
        except ConfigError:
            pass
        else:
            raise AssertionError(f"accepted {raw!r}")
    try:
        load_flags(Path(tmp) / "missing.json")
    except ConfigError:
        pass
    else:
        raise AssertionError("missing file accepted")
    assert load_flags(write({"x": {"enabled": True, "rollout": 0}}))["x"] == FlagSpec(True, 0, frozenset())

    # Environment overrides: strict values, known flags only, override wins over the file.
    write({"a": False, "b": {"enabled": True, "rollout": 0}, "c": True})
    env = {"LARDER_FLAG_A": " YES ", "LARDER_FLAG_B": "1", "LARDER_FLAG_C": "off", "PATH": "/bin", "FLAG_X": "?"}
    flags = FeatureFlags.from_file(path, environ=env)
    assert flags.is_enabled("a") and flags.is_enabled("b") and not flags.is_enabled("c", tenant="acme", user_id=1)
    for env in ({"LARDER_FLAG_D": "on"}, {"LARDER_FLAG_": "on"}, {"LARDER_FLAG_A": ""}, {"LARDER_FLAG_A": "enable"}):
        try:
            FeatureFlags.from_file(path, environ=env)
        except ConfigError:
            pass
        else:
            raise AssertionError(f"accepted {env!r}")

    # reload(): a bad file keeps the flags in use; a good one replaces flags and overrides together.
    env = {"LARDER_FLAG_A": "on"}
    flags = FeatureFlags.from_file(write({"a": False, "b": True}), environ=env)
    write({"a": {"enabled": "yes"}})
    try:
        flags.reload()
    except ConfigError:
        pass
    else:
        raise AssertionError("bad reload accepted")
    assert flags.is_enabled("a") and flags.is_enabled("b")
    write({"b": True})  # "a" is gone, but LARDER_FLAG_A still names it
    try:
        flags.reload()
    except ConfigError:
        pass
    else:
        raise AssertionError("override of a removed flag accepted")
    assert flags.is_enabled("a")
    env.clear()
    write({"a": False, "b": False})
    flags.reload()
    assert not flags.is_enabled("a") and not flags.is_enabled("b")
    try:
        FeatureFlags({"a": True}).reload()
    except RuntimeError:
        pass
    else:
        raise AssertionError("reload without a file")

    # Readers racing reload() see the flags and overrides of one load: "a" is either in the file
    # with its override (on) or gone (UnknownFlag). Pairing the file that has "a" (off) with the
    # overrides of the other load would answer False.
    first, second = {"a": False, "b": True}, {"b": True}
    env = {"LARDER_FLAG_A": "on"}
    flags = FeatureFlags.from_file(write(first), environ=env)
    states = [(load_flags(write(first)), {"a": True}), (load_flags(write(second)), {})]
    errors = []
    stop = threading.Event()

    def reader():
        try:
            while not stop.is_set():
                try:
                    if flags.is_enabled("a") is not True:
                        errors.append("a mixed state")
                except UnknownFlag:
                    pass
                assert flags.is_enabled("b")
        except BaseException as exc:  # report it; a dying thread would otherwise go unnoticed
            errors.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(2000):
        flags._state = states[i % 2]  # what reload() does, without the disk I/O
        if i % 200 == 0:
            write(first if i % 400 == 0 else second)
            if i % 400 == 0:
                env["LARDER_FLAG_A"] = "on"
            else:
                env.clear()
            flags.reload()
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[:3]

print("ok")
