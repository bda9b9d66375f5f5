import tempfile
import threading
import unittest
from pathlib import Path

from app.exports import orders
from app.exports.orders import start_export
from app.jobs.pool import PoolClosed, PoolFull, WorkerPool
from app.jobs.table import JobState, JobTable


class WorkerPoolTest(unittest.TestCase):
    def setUp(self):
        self.pool = WorkerPool(workers=2)
        self.addCleanup(self.pool.shutdown, cancel=True)

    def test_runs_jobs_and_keeps_results(self):
        job_id = self.pool.submit("add", lambda token, a, b: a + b, 2, 3)
        info = self.pool.wait(job_id, timeout=5)
        self.assertEqual((info.state, info.result), (JobState.DONE, 5))

    def test_records_failures(self):
        job_id = self.pool.submit("boom", lambda token: 1 / 0)
        info = self.pool.wait(job_id, timeout=5)
        self.assertEqual(info.state, JobState.FAILED)
        self.assertIn("ZeroDivisionError", info.error)

    def test_shutdown_finishes_queued_jobs_and_refuses_new_ones(self):
        gate = threading.Event()
        ids = [self.pool.submit(f"job-{n}", lambda token: gate.wait(5)) for n in range(4)]
        gate.set()
        self.pool.shutdown()
        self.assertEqual([self.pool.info(i).state for i in ids], [JobState.DONE] * 4)
        with self.assertRaises(PoolClosed):
            self.pool.submit("late", print)

    def test_forgets_old_finished_jobs(self):
        pool = WorkerPool(workers=1, table=JobTable(retain_finished=2))
        ids = [pool.submit("n", lambda token, n: n, n) for n in range(3)]
        pool.shutdown()
        self.assertIsNone(pool.info(ids[0]))
        self.assertEqual(pool.info(ids[2]).result, 2)

    def test_cancel_queued_and_running_jobs(self):
        pool = WorkerPool(workers=1)
        self.addCleanup(pool.shutdown, cancel=True)
        started = threading.Event()

        def long_job(token):
            started.set()
            token.sleep(10)

        running = pool.submit("long", long_job)
        queued = pool.submit("next", lambda token: "ran")
        self.assertTrue(started.wait(5))
        self.assertTrue(pool.cancel(queued))
        self.assertEqual(pool.info(queued).state, JobState.CANCELLED)
        self.assertTrue(pool.cancel(running))
        self.assertEqual(pool.wait(running, timeout=5).state, JobState.CANCELLED)
        self.assertFalse(pool.cancel(running), "already finished")
        self.assertFalse(pool.cancel(12345), "unknown job")

    def test_rejects_jobs_beyond_max_pending(self):
        started, gate = threading.Event(), threading.Event()
        pool = WorkerPool(workers=1, max_pending=2)
        self.addCleanup(pool.shutdown, cancel=True)
        self.addCleanup(gate.set)
        pool.submit("blocker", lambda token: started.set() or gate.wait(5))
        self.assertTrue(started.wait(5))
        pool.submit("a", lambda token: None)
        pool.submit("b", lambda token: None)
        with self.assertRaises(PoolFull):
            pool.submit("c", lambda token: None)


class OrdersExportTest(unittest.TestCase):
    def test_exports_csv(self):
        pool = WorkerPool(workers=1)
        self.addCleanup(pool.shutdown)
        rows = [{"order_id": 1, "placed_at": "2024-05-01T10:00:00Z", "status": "paid", "currency": "EUR", "total": "9.90"}]
        with tempfile.TemporaryDirectory() as tmp:
            job_id = start_export(pool, 42, lambda customer_id: rows, Path(tmp))
            self.assertEqual(pool.wait(job_id, timeout=5).result, 1)
            lines = (Path(tmp) / "orders-42.csv").read_text().splitlines()
        self.assertEqual(lines, ["order_id,placed_at,status,currency,total", "1,2024-05-01T10:00:00Z,paid,EUR,9.90"])

    def test_cancelled_export_leaves_no_file(self):
        pool = WorkerPool(workers=1)
        self.addCleanup(pool.shutdown)
        submitted = threading.Event()

        def rows(customer_id):
            submitted.wait(5)
            for n in range(10 * orders.CHECK_EVERY):
                if n == orders.CHECK_EVERY + 1:
                    pool.cancel(job_id)
                yield {"order_id": n, "status": "paid"}

        with tempfile.TemporaryDirectory() as tmp:
            job_id = start_export(pool, 7, rows, Path(tmp))
            submitted.set()
            self.assertEqual(pool.wait(job_id, timeout=5).state, JobState.CANCELLED)
            self.assertEqual(list(Path(tmp).iterdir()), [])


if __name__ == "__main__":
    unittest.main()
