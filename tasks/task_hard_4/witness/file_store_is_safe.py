# The file-backed session store is correct: concurrent updates of one session lose nothing (striped
# locks serialise read-modify-write, even for two sessions that share a stripe), lock-free readers
# never see a half-written file (atomic os.replace), ids from the cookie cannot name other files,
# files are private, and purging keeps live sessions and anything updated meanwhile.
import json
import os
import stat
import tempfile
import threading
import time
from pathlib import Path

from app.sessions.manager import SESSION_TTL_S, SessionManager
from app.sessions.store import FileSessionStore, MemorySessionStore

with tempfile.TemporaryDirectory() as root:
    store = FileSessionStore(Path(root) / "sessions")
    sessions = SessionManager(store, clock=time.time)
    alice, bob = sessions.start(1), sessions.start(2)
    assert sessions.user_id(alice) == 1 and sessions.user_id(bob) == 2
    mode = stat.S_IMODE(os.stat(store.root / f"{alice}.json").st_mode)
    assert mode == 0o600, oct(mode)

    # two ids on the same lock stripe, to show sharing a stripe is harmless
    carol = next(sid for sid in (f"{i:043d}" for i in range(100_000)) if store._lock(sid) is store._lock(alice))
    store.save(carol, {"user_id": 3, "expires_at": time.time() + 3600, "flashes": []})

    stop = threading.Event()
    torn_reads = []

    def reader():
        while not stop.is_set():
            try:
                data = store.load(alice)
                assert data is not None and isinstance(data["flashes"], list)
            except (ValueError, AssertionError) as exc:
                torn_reads.append(repr(exc))

    def writer(session_id, n, prefix):
        for i in range(n):
            sessions.flash(session_id, f"{prefix}-{i}")

    readers = [threading.Thread(target=reader) for _ in range(2)]
    writers = [threading.Thread(target=writer, args=(alice, 15, f"a{t}")) for t in range(6)]
    writers += [threading.Thread(target=writer, args=(carol, 15, f"c{t}")) for t in range(2)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert not torn_reads, torn_reads[:3]
    flashes = sessions.pop_flashes(alice)
    assert sorted(flashes) == sorted(f"a{t}-{i}" for t in range(6) for i in range(15)), len(flashes)
    assert len(sessions.pop_flashes(carol)) == 30
    assert sessions.pop_flashes(alice) == [] and sessions.pop_flashes(bob) == []

    # flashes racing with pop_flashes are returned once or kept, never lost or duplicated
    seen = []
    done = threading.Event()

    def popper():
        while not done.is_set():
            seen.extend(sessions.pop_flashes(bob))

    thread = threading.Thread(target=popper)
    thread.start()
    writer(bob, 40, "b")
    done.set()
    thread.join()
    seen.extend(sessions.pop_flashes(bob))
    assert sorted(seen) == sorted(f"b-{i}" for i in range(40)), (len(seen), len(set(seen)))

    # ids come from a cookie: nothing but a well-formed id names a file
    secret = Path(root) / "secret.json"
    secret.write_text(json.dumps({"user_id": 0, "expires_at": time.time() + 3600, "flashes": []}))
    for bad in ("../secret", "../" * 10 + "etc/passwd", "", "A" * 42, "A" * 43 + "\n", "A" * 42 + "/", None):
        assert store.load(bad) is None and store.update(bad, lambda data: None) is None, bad
        store.delete(bad)
    assert secret.exists()
    assert sessions.user_id("A" * 43) is None

    # no temporary files left behind, also when the data cannot be written
    try:
        store.save(bob, {"user_id": 2, "flashes": [], "expires_at": object()})
    except TypeError:
        pass
    assert sessions.user_id(bob) == 2
    assert sorted(p.name for p in store.root.iterdir() if p.name.startswith(".tmp-")) == []

    # purging: expired sessions and stale temp files go; live ones stay
    now = time.time()
    old = now - SESSION_TTL_S - 60
    os.utime(store.root / f"{bob}.json", (old, old))
    leftover = store.root / ".tmp-crashed.json"
    leftover.write_text("{")
    os.utime(leftover, (old, old))
    assert store.purge_older_than(SESSION_TTL_S, now) == 2
    assert store.load(bob) is None and not leftover.exists()
    assert sessions.user_id(alice) == 1 and sessions.user_id(carol) == 3
    sessions.end(alice)
    assert store.load(alice) is None
    sessions.end(alice)  # ending twice is fine

# the in-memory store still works as before
memory = SessionManager(MemorySessionStore())
sid = memory.start(9)
memory.flash(sid, "hi")
assert memory.pop_flashes(sid) == ["hi"] and memory.user_id(sid) == 9
