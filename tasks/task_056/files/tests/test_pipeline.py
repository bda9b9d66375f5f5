import threading
import time
import unittest

from app.imports.orders import import_orders
from app.imports.store import OrderStore
from app.metrics import Registry
from app.pipeline.pipeline import Pipeline, PipelineClosed
from app.pipeline.stage import Stage

WAIT = 5


def double(x):
    return 2 * x


class Gate:
    """A handler that blocks until opened, and says when it has an item."""

    def __init__(self):
        self.entered, self.opened = threading.Event(), threading.Event()

    def __call__(self, x):
        self.entered.set()
        assert self.opened.wait(WAIT)
        return x


class PipelineTests(unittest.TestCase):
    def test_every_item_goes_through_every_stage(self):
        seen, lock = [], threading.Lock()

        def record(x):
            with lock:
                seen.append(x)

        pipeline = Pipeline("t", [Stage("double", double, workers=3), Stage("record", record)])
        for n in range(100):
            pipeline.submit(n)
        pipeline.close()
        self.assertEqual(sorted(seen), [2 * n for n in range(100)])
        stats = pipeline.stats()
        self.assertEqual((stats.submitted, stats.completed, stats.failed), (100, 100, 0))

    def test_failures_are_counted(self):
        def odd_only(x):
            if x % 2 == 0:
                raise ValueError(x)
            return x

        pipeline = Pipeline("t", [Stage("odd", odd_only), Stage("double", double)])
        for n in range(10):
            pipeline.submit(n)
        pipeline.close()
        self.assertEqual(pipeline.stats().failed, 5)
        self.assertEqual(pipeline.stats().completed, 5)
        self.assertEqual([(s.processed, s.failed) for s in pipeline.stats().stages], [(5, 5), (5, 0)])

    def test_submit_after_close(self):
        pipeline = Pipeline("t", [Stage("double", double)])
        pipeline.close()
        with self.assertRaises(PipelineClosed):
            pipeline.submit(1)

    def test_submit_waits_for_room(self):
        gate = Gate()
        pipeline = Pipeline("t", [Stage("gate", gate, capacity=2)])
        pipeline.submit(0)
        self.assertTrue(gate.entered.wait(WAIT))
        pipeline.submit(1)
        pipeline.submit(2)
        blocked = threading.Thread(target=pipeline.submit, args=(3,))
        blocked.start()
        blocked.join(0.2)
        self.assertTrue(blocked.is_alive(), "a full inbox should hold the submitter back")
        self.assertEqual(pipeline.stats().stages[0].queued, 2)
        gate.opened.set()
        blocked.join(WAIT)
        pipeline.close()
        self.assertEqual(pipeline.stats().completed, 4)

    def test_flush(self):
        gate = Gate()
        pipeline = Pipeline("t", [Stage("double", double, workers=2), Stage("gate", gate)])
        for n in range(5):
            pipeline.submit(n)
        self.assertFalse(pipeline.flush(timeout=0.1))
        self.assertEqual(pipeline.stats().in_flight, 5)
        gate.opened.set()
        self.assertTrue(pipeline.flush(timeout=WAIT))
        self.assertEqual(pipeline.stats().completed, 5)
        pipeline.close()

    def test_close_lets_waiting_submitters_in(self):
        gate = Gate()
        pipeline = Pipeline("t", [Stage("gate", gate, capacity=1), Stage("double", double, capacity=1)])
        pipeline.submit(0)
        self.assertTrue(gate.entered.wait(WAIT))
        pipeline.submit(1)
        submitters = [threading.Thread(target=pipeline.submit, args=(n,)) for n in range(2, 5)]
        for thread in submitters:
            thread.start()
        deadline = time.monotonic() + WAIT
        while pipeline.stats().submitted < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        closer = threading.Thread(target=pipeline.close)
        closer.start()
        gate.opened.set()
        for thread in submitters + [closer]:
            thread.join(WAIT)
            self.assertFalse(thread.is_alive())
        stats = pipeline.stats()
        self.assertEqual((stats.submitted, stats.completed, stats.in_flight), (5, 5, 0))

    def test_metrics(self):
        metrics = Registry()
        gate = Gate()
        pipeline = Pipeline("t", [Stage("gate", gate)], metrics=metrics)
        pipeline.submit(1)
        self.assertEqual(metrics.collect()["pipeline.t.in_flight"], 1)
        gate.opened.set()
        pipeline.close()
        collected = metrics.collect()
        self.assertEqual(collected["pipeline.t.completed"], 1)
        self.assertEqual(collected["pipeline.t.in_flight"], 0)

    def test_not_from_a_worker(self):
        errors = []

        def misuse(x):
            for call in (pipeline.flush, pipeline.close, lambda: pipeline.submit(x)):
                try:
                    call()
                except RuntimeError as exc:
                    errors.append(str(exc))

        pipeline = Pipeline("t", [Stage("misuse", misuse)])
        pipeline.submit(1)
        pipeline.close()
        self.assertEqual(len(errors), 3)


class ImportTests(unittest.TestCase):
    def rows(self, count):
        return [{"reference": f"R{n}", "sku": "ab-1", "quantity": "2"} for n in range(count)]

    def test_import(self):
        rows = self.rows(20) + [{"reference": "bad", "sku": "ab-1", "quantity": "two"}]
        store = OrderStore()
        report = import_orders(rows, store, {"AB-1": "9.50"})
        self.assertEqual((report.rows, report.saved, report.failed), (21, 20, 1))
        self.assertEqual(str(store.get("R7").total), "19.00")

    def test_checkpoints_and_resume(self):
        store, checkpoints = OrderStore(), []

        def checkpoint(offset):
            checkpoints.append((offset, len(store)))

        report = import_orders(self.rows(25), store, {"AB-1": "1"}, capacity=3, checkpoint_every=10, on_checkpoint=checkpoint)
        self.assertEqual(checkpoints, [(10, 10), (20, 20)])
        self.assertEqual(report.saved, 25)

        resumed = OrderStore()
        report = import_orders(self.rows(25), resumed, {"AB-1": "1"}, resume_from=20)
        self.assertEqual((report.rows, report.saved, report.resumed_from), (5, 5, 20))
        self.assertIsNone(resumed.get("R19"))
        self.assertIsNotNone(resumed.get("R20"))


if __name__ == "__main__":
    unittest.main()
