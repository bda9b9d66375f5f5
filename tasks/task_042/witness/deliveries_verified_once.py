# Clean PR: a Paylink delivery is accepted only with a valid, fresh signature, and each signed
# delivery is handled at most once. This drives the endpoint through the inputs that would break it
# if the replay record were forgotten too early, if header re-spellings dodged the replay key, if
# odd header bytes crashed the comparison, or if a failed handler blocked Paylink's retry; and
# checks that worker processes sharing the record claim a delivery exactly once.
import io
import json
import logging
import sqlite3
import tempfile
import threading
from pathlib import Path

from storefront.paylink import replay, signature
from storefront.paylink.endpoint import PaylinkEndpoint
from storefront.paylink.replay import ReplayGuard

SECRET, NEW_SECRET = b"whsec_live_a1b2c3", b"whsec_live_rotated"
logging.disable(logging.CRITICAL)  # the endpoint logs every rejection; keep the output short
T = 1_718_000_000
TOL = 300

opened = []
real_connect = sqlite3.connect


def tracking_connect(*args, **kwargs):
    conn = real_connect(*args, **kwargs)
    opened.append(conn)
    return conn


replay.sqlite3.connect = tracking_connect


def call(app, body, header=None, method="POST", content_length=None):
    environ = {
        "REQUEST_METHOD": method,
        "CONTENT_LENGTH": str(len(body)) if content_length is None else content_length,
        "wsgi.input": io.BytesIO(body),
    }
    if header is not None:
        environ["HTTP_PAYLINK_SIGNATURE"] = header
    seen = {}
    out = b"".join(app(environ, lambda status, headers: seen.setdefault("status", status)))
    return seen["status"], json.loads(out)


def body_for(event_id, event_type="payment.succeeded"):
    return json.dumps({"id": event_id, "type": event_type, "amount": 1250}).encode()


def digest_of(header):
    return header.split("v1=")[1]


with tempfile.TemporaryDirectory() as root:
    db_path = Path(root) / "deliveries.sqlite3"
    clock = {"now": float(T)}
    handled = []
    guard = ReplayGuard(db_path)
    app = PaylinkEndpoint([SECRET, NEW_SECRET], {"payment.succeeded": handled.append}, guard, clock=lambda: clock["now"])

    def records():
        with real_connect(db_path) as conn:
            return conn.execute("SELECT COUNT(*) FROM paylink_deliveries").fetchone()[0]

    def at(now, body, header):
        clock["now"] = now
        return call(app, body, header)[0]

    # 1. A captured delivery replayed at every moment it could still pass the timestamp check is
    #    refused, up to and including the last one; after that the timestamp check refuses it, even
    #    once the record is gone.
    b1 = body_for("evt_1")
    h1 = signature.sign(SECRET, b1, T)
    assert at(T, b1, h1) == "200 OK"
    for now in (T + 1, T + 299.5, T + TOL):
        assert at(now, b1, h1) == "409 Conflict", f"replay at now={now} was not refused"
    for now in (T + TOL + 0.001, T + TOL + 1):
        assert at(now, b1, h1) == "401 Unauthorized", f"replay at now={now} passed the timestamp check"
    b_other = body_for("evt_other")
    assert at(T + TOL + 1, b_other, signature.sign(SECRET, b_other, T + TOL + 1)) == "200 OK"
    assert records() == 1, "the expired record should have been dropped, leaving only the new one"
    for now in (T + TOL + 2, T + 10_000):
        assert at(now, b1, h1) == "401 Unauthorized", "a forgotten delivery must stay unusable"
    assert [e["id"] for e in handled] == ["evt_1", "evt_other"], handled

    # 2. Future-dated signature (sender clock ahead): kept until signed time + tolerance.
    t2 = T + 20_000
    b2 = body_for("evt_2")
    h2 = signature.sign(SECRET, b2, t2 + TOL)
    assert at(t2, b2, h2) == "200 OK"
    for now in (t2 + TOL, t2 + 2 * TOL):
        assert at(now, b2, h2) == "409 Conflict", f"future-dated replay at now={now} was not refused"
    assert at(t2 + 2 * TOL + 0.5, b2, h2) == "401 Unauthorized"
    assert [e["id"] for e in handled][-1] == "evt_2" and len(handled) == 3

    # 3. Re-spelling the captured header never yields a new accepted delivery.
    t3 = T + 40_000
    b3 = body_for("evt_3")
    h3 = signature.sign(SECRET, b3, t3)
    d3 = digest_of(h3)
    assert at(t3, b3, h3) == "200 OK"
    zeros = "0" * 64
    for header in (
        f"v1={d3},t={t3}",
        f"t={t3},v1={zeros},v1={d3}",
        f"t={t3},v1={d3},v1={d3}",
        f" t={t3} , v1={d3} ",
        f"t={t3}\n,v1={d3}",
        f"t={t3},v1={d3},v0=legacy",
    ):
        assert at(t3 + 5, b3, header) == "409 Conflict", f"re-ordered header {header!r} dodged the replay record"
    arabic = str(t3).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for spelled in (f"0{t3}", f"+{t3}", f"{t3:_}", f" {t3}", f"{t3}.0", arabic):
        header = f"t={spelled},v1={d3}"
        assert at(t3 + 5, b3, header) == "401 Unauthorized", f"timestamp spelled {spelled!r} was accepted"
    assert len(handled) == 4

    # 4. Odd bytes in the header are a 401, never a crash (compare_digest rejects non-ASCII str).
    for header in (
        f"t={t3},v1={'é' * 64}",
        f"t={t3},v1={d3[:-1]}é",
        f"t={t3},v1={d3.upper()}",
        f"t={t3},v1={d3}\x00",
        f"t={t3}é,v1={d3}",
        f"t={t3},v1={d3[:-1]}",
        f"t={t3},t={t3},v1={d3}",
        f"t={t3}," + ",".join([f"v1={zeros}"] * 8) + f",v1={d3}",
        f"t={t3}",
        f"v1={d3}",
        "",
        ",",
        "garbage",
    ):
        status = at(t3 + 5, b3, header)
        assert status == "401 Unauthorized", f"header {header!r} gave {status}"
    assert call(app, b3)[0] == "401 Unauthorized"

    # 5. Secret rotation: either configured secret verifies.
    b5 = body_for("evt_5")
    h5 = f"t={t3},v1={zeros},v1={digest_of(signature.sign(NEW_SECRET, b5, t3))}"
    assert at(t3, b5, h5) == "200 OK"
    assert at(t3, b5, signature.sign(b"whsec_someone_else", b5, t3)) == "401 Unauthorized"

    # 6. A failed handler leaves Paylink's retry (signed afresh) processable; the failed request's
    #    own copy is still refused.
    attempts = []

    def flaky(event):
        attempts.append(event["id"])
        if len(attempts) == 1:
            raise RuntimeError("ledger unavailable")

    app = PaylinkEndpoint([SECRET], {"payment.succeeded": flaky}, guard, clock=lambda: clock["now"])
    t6 = T + 60_000
    b6 = body_for("evt_6")
    h6 = signature.sign(SECRET, b6, t6)
    assert at(t6, b6, h6) == "500 Internal Server Error"
    assert at(t6 + 30, b6, signature.sign(SECRET, b6, t6 + 30)) == "200 OK", "Paylink's retry was refused"
    assert at(t6 + 31, b6, h6) == "409 Conflict"
    assert attempts == ["evt_6", "evt_6"], attempts

    # 7. Workers (separate guards, separate connections, one file) racing on one key: one wins.
    for round_ in range(5):
        key = f"race-{round_}"
        workers = 8
        barrier = threading.Barrier(workers)
        results = []
        lock = threading.Lock()

        def worker():
            own_guard = ReplayGuard(db_path)
            barrier.wait()
            won = own_guard.claim(key, expires_at=t6 + 100, now=t6)
            with lock:
                results.append(won)

        threads = [threading.Thread(target=worker) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False] * (workers - 1) + [True], f"round {round_}: {results}"

    # 8. Every connection the guard opened is closed again.
    assert opened, "the guard should use sqlite3.connect"
    for conn in opened:
        try:
            conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            pass
        else:
            raise AssertionError("ReplayGuard left a SQLite connection open")

    # 9. Configuration mistakes fail at start-up, and odd bodies never reach the handler.
    for bad_secrets, error in ((SECRET, TypeError), ([], ValueError), ([SECRET, b""], ValueError), (["text"], ValueError)):
        try:
            PaylinkEndpoint(bad_secrets, {}, guard)
        except error:
            pass
        else:
            raise AssertionError(f"secrets {bad_secrets!r} were accepted")
    for bad_tolerance in (0, -5, float("nan"), float("inf")):
        try:
            PaylinkEndpoint([SECRET], {}, guard, tolerance=bad_tolerance)
        except ValueError:
            pass
        else:
            raise AssertionError(f"tolerance {bad_tolerance!r} was accepted")
    app = PaylinkEndpoint([SECRET], {"payment.succeeded": handled.append}, guard, clock=lambda: clock["now"])
    clock["now"] = T + 80_000
    b9 = body_for("evt_9")
    h9 = signature.sign(SECRET, b9, T + 80_000)
    assert call(app, b9, h9, content_length="-1")[0] == "400 Bad Request"
    assert call(app, b9, h9, content_length="999999999")[0] == "413 Content Too Large"
    assert call(app, b9, h9, content_length=str(len(b9) + 10))[0] == "400 Bad Request"
    assert call(app, b9, h9, method="GET")[0] == "405 Method Not Allowed"
    assert len(handled) == 5, "none of the odd requests may reach the handler"
    assert call(app, b9, h9)[0] == "200 OK", "the well-formed request was not claimed by the rejected ones"

print("ok: deliveries are verified and handled at most once")
