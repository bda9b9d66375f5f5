# Clean PR: the bounded pipeline's locking and shutdown are sound. This forces the interleavings a reviewer
# would worry about and checks that nothing hangs and no item is lost or counted twice:
# - a worker in Pipeline._finished holds the pipeline lock and asks the metrics registry for a counter while
#   a collector thread is inside the pipeline's in_flight gauge (Registry.collect reads gauges outside its lock);
# - close() while a submit() that passed the closed check is still waiting to put its item;
# - close() with every inbox full, submitters blocked, failing items and concurrent stats()/collect() readers;
# - many random close() points under concurrent submitters; flush(); the import's checkpoints and resume;
# - flush/close/submit from a worker are refused rather than hanging; the PR's own tests pass.
import importlib.util
import logging
import random
import threading
import time
import unittest

from app.imports.orders import import_orders
from app.imports.store import OrderStore
from app.metrics import Registry
from app.pipeline.pipeline import Pipeline, PipelineClosed
from app.pipeline.stage import Stage

logging.disable(logging.CRITICAL)  # failing items are logged with their tracebacks; counts are checked instead
T = 5  # generous bound for every wait; nothing relies on timing to pass
thread_errors = []
threading.excepthook = lambda args: thread_errors.append(f"{args.thread.name}: {args.exc_value!r}")


def run(target, *args):
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def finished(*threads):
    for thread in threads:
        thread.join(T)
    return not any(thread.is_alive() for thread in threads)


class Gate:
    def __init__(self, fail=lambda x: False):
        self.entered, self.opened, self.fail = threading.Event(), threading.Event(), fail

    def __call__(self, x):
        self.entered.set()
        self.opened.wait(T)
        if self.fail(x):
            raise ValueError(x)
        return x


# --- 1. metrics counter under the pipeline lock vs. a collector inside the pipeline's gauge -------------------
class ProbingRegistry(Registry):
    """When a worker asks for a counter (inside Pipeline._finished, holding the pipeline lock), start a collect()
    and let it get as far as the pipeline's gauge before the worker goes on to take the registry lock."""

    def __init__(self):
        super().__init__()
        self.in_gauge = threading.Event()
        self.probes, self.problems, self.collected, self.collectors = 0, [], [], []

    def add_gauge(self, name, read):
        def reading():
            self.in_gauge.set()
            return read()

        return super().add_gauge(name, reading)

    def counter(self, name):
        if threading.current_thread() is not threading.main_thread() and self.probes < 3:
            self.probes += 1
            self.in_gauge.clear()
            self.collectors.append(run(lambda: self.collected.append(self.collect())))
            if not self.in_gauge.wait(T):
                self.problems.append("collect() never reached the gauge")
        return super().counter(name)


registry = ProbingRegistry()
pipeline = Pipeline("probe", [Stage("double", lambda x: 2 * x, workers=2), Stage("check", lambda x: 1 // (x % 3))],
                     metrics=registry)
for n in range(20):
    pipeline.submit(n)
closer = run(pipeline.close)
assert finished(closer), "a worker and a metrics collector deadlocked"
assert finished(*registry.collectors), "a metrics collector hung"
assert registry.probes == 3 and not registry.problems, registry.problems
assert len(registry.collected) == 3 and all(0 <= c["pipeline.probe.in_flight"] <= 20 for c in registry.collected)
totals = registry.collect()
assert totals["pipeline.probe.completed"] + totals["pipeline.probe.failed"] == 20, totals
assert totals["pipeline.probe.in_flight"] == 0, "close() leaves the gauge registered"

# --- 2. close() while a submit() that passed the closed check is still putting its item ----------------------
entered_put, release_put = threading.Event(), threading.Event()
done = []
pipeline = Pipeline("slow-put", [Stage("record", done.append)], metrics=Registry())
first = pipeline._stages[0]
real_put = first.put


def slow_put(item):
    entered_put.set()
    release_put.wait(T)
    real_put(item)


first.put = slow_put
outcome = []
submitter = run(lambda: outcome.append(pipeline.submit("late")))
assert entered_put.wait(T)
closer = run(pipeline.close)
deadline = time.monotonic() + T
while not pipeline._closed and time.monotonic() < deadline:
    time.sleep(0.005)
assert pipeline._closed
closer.join(0.2)
assert closer.is_alive() and all(t.is_alive() for t in first._threads), "close() stopped the stage under a submit"
try:
    pipeline.submit("after close")
except PipelineClosed:
    pass
else:
    raise AssertionError("submit() accepted an item after close()")
release_put.set()
assert finished(submitter, closer), "close() and a pending submit() deadlocked"
assert outcome == [None] and done == ["late"], (outcome, done)
assert pipeline.stats().completed == 1 and pipeline.stats().in_flight == 0

# --- 3. close() with every inbox full, submitters blocked, failures and concurrent readers -------------------
metrics = Registry()
gate_a, gate_b = Gate(), Gate(fail=lambda x: x % 5 == 0)
seen, seen_lock = [], threading.Lock()


def last(x):
    with seen_lock:
        seen.append(x)
    if x % 7 == 0:
        raise ValueError(x)


pipeline = Pipeline("full", [Stage("a", gate_a, workers=2, capacity=1), Stage("b", gate_b, capacity=1),
                             Stage("c", last, workers=2, capacity=1)], metrics=metrics)
accepted, refused, accepted_lock = [], [], threading.Lock()


def submitter(base):
    for n in range(base, base + 25):
        try:
            pipeline.submit(n)
        except PipelineClosed:
            refused.append(n)
            return
        with accepted_lock:
            accepted.append(n)


submitters = [run(submitter, base) for base in (0, 100, 200, 300)]
assert gate_a.entered.wait(T)
stop_readers = threading.Event()


def reader():
    while not stop_readers.is_set():
        stats = pipeline.stats()
        assert stats.submitted >= stats.completed + stats.failed
        metrics.collect()


readers = [run(reader) for _ in range(3)]
deadline = time.monotonic() + T
while pipeline.stats().submitted < 7 and time.monotonic() < deadline:
    time.sleep(0.005)
closer = run(pipeline.close)
time.sleep(0.05)
gate_a.opened.set()
gate_b.opened.set()
assert finished(closer, *submitters), "close() with full inboxes and blocked submitters hung"
stop_readers.set()
assert finished(*readers), "a stats()/collect() reader hung"
stats = pipeline.stats()
fail_b = {n for n in accepted if n % 5 == 0}
assert sorted(seen) == sorted(set(accepted) - fail_b), "an item was lost or processed twice"
assert stats.submitted == len(accepted) and stats.in_flight == 0, stats
assert stats.failed == len(fail_b) + sum(1 for n in seen if n % 7 == 0) and stats.completed + stats.failed == len(accepted)
assert [s.queued for s in stats.stages] == [0, 0, 0] and [s.busy for s in stats.stages] == [0, 0, 0]
assert all(not t.is_alive() for stage in pipeline._stages for t in stage._threads), "a worker outlived close()"

# --- 4. random close() points under concurrent submitters ------------------------------------------------------
rng = random.Random(56)
for round_ in range(40):
    metrics = Registry()
    handled, handled_lock = [], threading.Lock()

    def work(x, spin=rng.randint(0, 200)):
        for _ in range(spin):
            pass
        return x

    def sink(x):
        with handled_lock:
            handled.append(x)
        if x % 11 == 0:
            raise ValueError(x)

    pipeline = Pipeline(f"r{round_}", [Stage("w", work, workers=rng.randint(1, 3), capacity=rng.randint(1, 4)),
                                       Stage("s", sink, workers=rng.randint(1, 2), capacity=rng.randint(1, 4))],
                        metrics=metrics)
    accepted, accepted_lock = [], threading.Lock()

    def feed(base):
        for n in range(base, base + 60):
            try:
                pipeline.submit(n)
            except PipelineClosed:
                return
            with accepted_lock:
                accepted.append(n)

    feeders = [run(feed, base) for base in (0, 1000, 2000)]
    time.sleep(rng.random() * 0.003)
    closers = [run(pipeline.close) for _ in range(rng.randint(1, 2))]
    assert finished(*closers, *feeders), f"round {round_}: close() hung"
    stats = pipeline.stats()
    assert sorted(handled) == sorted(accepted), f"round {round_}: accepted {len(accepted)}, handled {len(handled)}"
    assert stats.submitted == len(accepted) == stats.completed + stats.failed and stats.in_flight == 0, stats
    collected = metrics.collect()
    assert collected.get(f"pipeline.r{round_}.completed", 0) == stats.completed and collected[f"pipeline.r{round_}.in_flight"] == 0

# --- 5. flush(): everything submitted before it has finished when it returns ------------------------------------
done, done_lock = set(), threading.Lock()


def slow(x):
    time.sleep(rng.random() * 0.002)
    with done_lock:
        done.add(x)


pipeline = Pipeline("flush", [Stage("w", lambda x: x, workers=3, capacity=2), Stage("s", slow, workers=2, capacity=2)],
                    metrics=Registry())
for batch in range(5):
    for n in range(batch * 20, batch * 20 + 20):
        pipeline.submit(n)
    assert pipeline.flush(timeout=T)
    assert done == set(range(batch * 20 + 20)), "flush() returned with items still in flight"
pipeline.close()

# --- 6. the import: checkpoints only after every earlier row is saved or failed; resume skips them -----------
def rows(count):
    out = []
    for n in range(count):
        quantity = "x" if n % 9 == 4 else "1"
        out.append({"reference": f"R{n}", "sku": "ab-1", "quantity": quantity})
    return out


store, checkpoints = OrderStore(), []
report = import_orders(rows(60), store, {"AB-1": "2.50"}, pricing_workers=3, capacity=2, checkpoint_every=7,
                       on_checkpoint=lambda offset: checkpoints.append((offset, len(store))))
bad_before = lambda offset: sum(1 for n in range(offset) if n % 9 == 4)
assert [offset for offset, _ in checkpoints] == list(range(7, 60, 7)), checkpoints
assert all(saved == offset - bad_before(offset) for offset, saved in checkpoints), checkpoints
assert (report.rows, report.saved, report.failed) == (60, 60 - bad_before(60), bad_before(60)), report
resumed, later = OrderStore(), []
report = import_orders(rows(60), resumed, {"AB-1": "2.50"}, resume_from=42, capacity=1, checkpoint_every=5,
                       on_checkpoint=lambda offset: later.append(offset))
assert later == [47, 52, 57] and report.rows == 18 and report.resumed_from == 42, (later, report)
assert resumed.get("R41") is None and resumed.get("R42") is not None and len(resumed) == 18 - (bad_before(60) - bad_before(42))

# --- 7. flush/close/submit from one of the pipeline's own workers are refused, not deadlocks ------------------
errors = []


def misuse(x):
    for call in (pipeline.flush, pipeline.close, lambda: pipeline.submit(x)):
        try:
            call()
        except RuntimeError as exc:
            errors.append(type(exc).__name__)


pipeline = Pipeline("misuse", [Stage("m", misuse, capacity=1)], metrics=Registry())
pipeline.submit(1)
assert finished(run(pipeline.close)) and errors == ["RuntimeError"] * 3, errors

assert not thread_errors, thread_errors

# --- the PR's own tests pass ---------------------------------------------------------------------------------------
spec = importlib.util.spec_from_file_location("test_pipeline", "tests/test_pipeline.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
result = unittest.TextTestRunner(verbosity=0).run(unittest.defaultTestLoader.loadTestsFromModule(module))
assert result.wasSuccessful() and result.testsRun == 10, result
assert not thread_errors, thread_errors
print("ok")
