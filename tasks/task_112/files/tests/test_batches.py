import threading
import unittest

from jobs.pool import PoolClosed, WorkerPool


def square(x):
    return x * x


class BatchTest(unittest.TestCase):
    def setUp(self):
        self.pool = WorkerPool(workers=3, retry_on=(ConnectionError,), retry_delay=0)
        self.addCleanup(self.pool.shutdown)

    def test_gather_in_submission_order(self):
        batch = self.pool.submit_batch([(square, (x,), {}) for x in range(10)])
        self.assertEqual(self.pool.gather(batch, timeout=5), [(True, x * x) for x in range(10)])
        self.assertTrue(batch.done)
        self.assertEqual(batch.failed, 0)

    def test_on_done_called_once(self):
        calls = []
        done = threading.Event()

        def on_done(batch):
            calls.append(batch.id)
            done.set()

        batch = self.pool.submit_batch([(square, (x,), {}) for x in range(5)], on_done=on_done)
        self.assertTrue(done.wait(5))
        self.pool.gather(batch, timeout=5)
        self.assertEqual(calls, [batch.id])

    def test_failed_job_counts(self):
        def down():
            raise ConnectionError("renderer unavailable")

        batch = self.pool.submit_batch([(square, (2,), {}), (down, (), {})])
        outcomes = self.pool.gather(batch, timeout=5)
        self.assertEqual(outcomes[0], (True, 4))
        self.assertFalse(outcomes[1][0])
        self.assertIsInstance(outcomes[1][1], ConnectionError)
        self.assertEqual(batch.failed, 1)

    def test_on_done_error_is_logged(self):
        def on_done(batch):
            raise RuntimeError("listener broke")

        with self.assertLogs("jobs.batches", "ERROR"):
            batch = self.pool.submit_batch([(square, (3,), {})], on_done=on_done)
            self.assertEqual(self.pool.gather(batch, timeout=5), [(True, 9)])
        self.assertEqual(self.pool.result(self.pool.submit(square, 4), timeout=5), 16)

    def test_timeout(self):
        gate = threading.Event()
        batch = self.pool.submit_batch([(gate.wait, (), {})])
        with self.assertRaises(TimeoutError):
            self.pool.gather(batch, timeout=0.05)
        gate.set()
        self.assertEqual(self.pool.gather(batch, timeout=5), [(True, True)])

    def test_limits(self):
        with self.assertRaises(ValueError):
            self.pool.submit_batch([])
        self.pool.shutdown()
        with self.assertRaises(PoolClosed):
            self.pool.submit_batch([(square, (1,), {})])


if __name__ == "__main__":
    unittest.main()
