# Clean PR: all-or-nothing reservations, lock-free stock reads and the hold expirer are correct.
# - reserve_all takes its SKU locks in sorted order, each once: orders listing SKUs in any order, or one
#   SKU on several lines, neither deadlock nor over-reserve (checked by recording lock order and by a
#   stress run with a deadlock detector);
# - service.available()/stock_report() read an immutable Level, so no torn on_hand/reserved pair is seen;
# - the expirer works from a snapshot, but expire(), commit() and cancel() all claim a hold under the
#   book's lock, so every hold's stock is shipped or put back exactly once.
import random
import threading

from warehouse.expiry import HoldExpirer
from warehouse.reservations import HoldExpired, HoldNotFound, Line, OutOfStock, ReservationBook
from warehouse.service import FulfilmentService, Order
from warehouse.stock import Level, StockError, StockLedger

DEADLOCK_S = 15


def finish(target, *args):
    """Run target in a thread; fail (instead of hanging) if it deadlocks."""
    outcome = {}

    def run():
        try:
            outcome["value"] = target(*args)
        except BaseException as exc:  # reported below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(DEADLOCK_S)
    assert not thread.is_alive(), f"{getattr(target, '__name__', target)} deadlocked"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


# --- Lock order: always sorted, each SKU once, whatever order (and repetition) the lines use.
ledger = StockLedger()
for sku in ("a", "b", "c", "d"):
    ledger.receive(sku, 100)
acquired = threading.local()
real_lock_for = ledger._lock


class RecordingLock:
    def __init__(self, sku, inner):
        self.sku, self.inner = sku, inner

    def __enter__(self):
        held = getattr(acquired, "skus", [])
        assert self.sku not in held, f"{self.sku} locked twice by one thread"
        assert all(other < self.sku for other in held), f"{self.sku} locked after {held}: not sorted"
        self.inner.acquire()
        acquired.skus = held + [self.sku]
        return self

    def __exit__(self, *exc):
        acquired.skus = [s for s in acquired.skus if s != self.sku]
        self.inner.release()


ledger._lock = lambda sku: RecordingLock(sku, real_lock_for(sku))
book = ReservationBook(ledger)
hold = finish(book.reserve, "o1", [Line("d", 1), Line("b", 2), Line("d", 3), Line("a", 1), Line("b", 1)])
assert [ledger.level(s) for s in "abcd"] == [Level(100, 1), Level(100, 3), Level(100, 0), Level(100, 4)]
finish(book.cancel, hold.id)
ledger._lock = real_lock_for

# --- Lines for one SKU add up before the check; bad lines reserve nothing.
ledger = StockLedger()
ledger.receive("tea", 5)
book = ReservationBook(ledger)
for lines in ([Line("tea", 3), Line("tea", 3)], [Line("tea", 6)]):
    try:
        finish(book.reserve, "o", lines)
    except OutOfStock as exc:
        assert exc.sku == "tea"
    else:
        raise AssertionError(f"{lines} reserved more than the 5 on hand")
for lines in ([Line("tea", 5), Line("tea", -3)], [Line("tea", 0)], [Line("tea", True)], [], [Line("", 1)]):
    try:
        book.reserve("o", lines)
    except StockError:
        pass
    else:
        raise AssertionError(f"{lines} was accepted")
assert ledger.level("tea") == Level(5, 0)
hold = finish(book.reserve, "o", (line for line in [Line("tea", 2), Line("tea", 3)]))  # any iterable of lines
assert ledger.level("tea") == Level(5, 5) and len(hold.lines) == 2
book.commit(hold.id)
assert ledger.level("tea") == Level(0, 0)
for bad_ttl in (0, -1, float("nan"), float("inf"), True, 10**9):
    try:
        ReservationBook(ledger, ttl=bad_ttl)
    except ValueError:
        pass
    else:
        raise AssertionError(f"ttl {bad_ttl!r} accepted")

# --- Stress: overlapping orders in random SKU orders, concurrent receipts, cancels and lock-free reads.
rng = random.Random(7)
skus = [f"sku{i}" for i in range(6)]
ledger = StockLedger()
for sku in skus:
    ledger.receive(sku, 150)
book = ReservationBook(ledger)
orders = []
for i in range(1200):
    chosen = rng.sample(skus, rng.randint(1, 4))
    lines = [Line(sku, rng.randint(1, 3)) for sku in chosen]
    lines += [Line(chosen[0], 1)] * rng.randint(0, 1)  # sometimes a SKU twice
    rng.shuffle(lines)
    orders.append(Order(f"o{i}", tuple(lines)))
stop_reading = threading.Event()
bad_reads = []
reads = 0


def reader(service):
    global reads
    while not stop_reading.is_set():
        for sku, level in service.stock_report(skus).items():
            if not 0 <= level.reserved <= level.on_hand:
                bad_reads.append((sku, level))
        for sku, units in service.available(skus).items():
            if units < 0:
                bad_reads.append((sku, units))
        reads += 1


def receiver():
    for round_ in range(60):
        ledger.receive(skus[round_ % len(skus)], 2)


with FulfilmentService(ledger, book, workers=8, expire_every=None) as service:
    readers = [threading.Thread(target=reader, args=(service,), daemon=True) for _ in range(2)]
    for thread in readers:
        thread.start()
    extra = threading.Thread(target=receiver, daemon=True)
    extra.start()
    outcomes = finish(service.reserve_batch, orders[:600])
    held = [value for value in outcomes.values() if not isinstance(value, Exception)]
    cancels = threading.Thread(target=lambda: [service.cancel(h.id) for h in held[::2]], daemon=True)
    cancels.start()
    outcomes.update(finish(service.reserve_batch, orders[600:]))
    cancels.join(DEADLOCK_S)
    extra.join(DEADLOCK_S)
    assert not cancels.is_alive() and not extra.is_alive(), "deadlock"
    stop_reading.set()
    for thread in readers:
        thread.join(DEADLOCK_S)
assert not bad_reads, f"torn or impossible levels seen without a lock: {bad_reads[:3]}"
assert reads > 0
assert all(isinstance(v, (OutOfStock,)) or v.order_id == k for k, v in outcomes.items())
open_units = {sku: 0 for sku in skus}
for hold in book.open_holds():
    for line in hold.lines:
        open_units[line.sku] += line.qty
for sku in skus:
    level = ledger.level(sku)
    assert level.on_hand == 150 + 2 * 10, (sku, level)
    assert level.reserved == open_units[sku], f"{sku}: ledger says {level.reserved} reserved, holds {open_units[sku]}"
assert sum(isinstance(v, OutOfStock) for v in outcomes.values()) > 0, "the stress run should run out of stock"

# --- The expirer acts on a snapshot; cancels and late commits racing with it are counted once.
clock = Clock()
ledger = StockLedger()
ledger.receive("mug", 100)
book = ReservationBook(ledger, ttl=60, clock=clock)
holds = [book.reserve(f"o{i}", [Line("mug", 1)]) for i in range(8)]
clock.now += 30
live = book.reserve("late", [Line("mug", 5)])
clock.now += 30  # the first eight have just run out; "late" has 30 s left
real_expired_ids = book.expired_ids
outcomes = {}


def expired_ids_then_race():
    snapshot = real_expired_ids()
    assert sorted(snapshot) == sorted(h.id for h in holds), "only the run-out holds are listed"
    book.cancel(holds[0].id)  # between the snapshot and expire(): a cancel ...
    try:
        book.commit(holds[1].id)  # ... and a late commit
    except HoldExpired:
        outcomes["late commit"] = "expired"
    return snapshot


book.expired_ids = expired_ids_then_race
expirer = HoldExpirer(book, interval=3600)
assert expirer.run_once() == 6, "the cancelled and committed holds must not be released again"
assert outcomes == {"late commit": "expired"}
assert ledger.level("mug") == Level(100, 5), ledger.level("mug")
book.expired_ids = real_expired_ids
for hold in holds:
    for action in (book.commit, book.cancel, book.extend):
        try:
            action(hold.id)
        except HoldNotFound:
            pass
        else:
            raise AssertionError(f"{action.__name__} acted on a released hold")
assert ledger.level("mug") == Level(100, 5)
clock.now += 20
extended = book.extend(live.id)
assert extended.expires_at == clock.now + 60
clock.now += 50  # past the original expiry, inside the extension
assert expirer.run_once() == 0
book.commit(live.id)
assert ledger.level("mug") == Level(95, 0)
gone = book.reserve("gone", [Line("mug", 2)])
clock.now += 60
try:
    book.extend(gone.id)
except HoldExpired:
    pass
else:
    raise AssertionError("an expired hold was extended")
assert expirer.run_once() == 1 and expirer.run_once() == 0
assert ledger.level("mug") == Level(95, 0)

# --- A real race: an expirer thread against committers and cancellers; each hold settles once.
clock = Clock()
ledger = StockLedger()
ledger.receive("box", 10_000)
book = ReservationBook(ledger, ttl=60, clock=clock)
holds = [book.reserve(f"o{i}", [Line("box", 1 + i % 3)]) for i in range(900)]
clock.now += 60  # every hold has just run out
settled = {"released": 0, "expired": 0, "missing": 0, "cancelled": 0}
count_lock = threading.Lock()
expirer = HoldExpirer(book)
go = threading.Barrier(3)


def expire_loop():
    go.wait()
    for _ in range(50):
        released = expirer.run_once()
        with count_lock:
            settled["released"] += released


def settle(part, action):
    go.wait()
    for hold in part:
        try:
            action(hold.id)
            key = "cancelled"
        except HoldExpired:
            key = "expired"
        except HoldNotFound:
            key = "missing"
        with count_lock:
            settled[key] += 1


threads = [
    threading.Thread(target=expire_loop, daemon=True),
    threading.Thread(target=settle, args=(holds[0::2], book.commit), daemon=True),
    threading.Thread(target=settle, args=(holds[1::2], book.cancel), daemon=True),
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(DEADLOCK_S)
    assert not thread.is_alive(), "deadlock"
settled["released"] += expirer.run_once()
assert settled["released"] + settled["expired"] + settled["cancelled"] == len(holds), settled
assert settled["missing"] == settled["released"], settled
assert ledger.level("box") == Level(10_000, 0), f"stock put back more or less than once: {ledger.level('box')}"
assert book.open_holds() == []

# --- The service's expirer thread starts and stops with the service, promptly.
ledger = StockLedger()
book = ReservationBook(ledger)
with FulfilmentService(ledger, book, workers=2, expire_every=3600):
    assert any(t.name == "hold-expirer" and t.is_alive() for t in threading.enumerate())
assert not any(t.name == "hold-expirer" for t in threading.enumerate()), "the expirer outlived the service"
for bad_interval in (0, -1, float("nan"), 7200):
    try:
        HoldExpirer(book, interval=bad_interval)
    except ValueError:
        pass
    else:
        raise AssertionError(f"interval {bad_interval!r} accepted")
print("ok")
