import threading
import unittest

from jobs.pool import PoolClosed, WorkerPool


class PoolTest(unittest.TestCase):
    def setUp(self):
        self.pool = WorkerPool(workers=2)
        self.addCleanup(self.pool.shutdown)

    def test_result(self):
        job_id = self.pool.submit(pow, 2, 10)
        self.assertEqual(self.pool.result(job_id, timeout=5), 1024)

    def test_timeout(self):
        gate = threading.Event()
        job_id = self.pool.submit(gate.wait)
        with self.assertRaises(TimeoutError):
            self.pool.result(job_id, timeout=0.05)
        gate.set()
        self.assertTrue(self.pool.result(job_id, timeout=5))

    def test_retries_transient_errors(self):
        pool = WorkerPool(workers=1, retries=2, retry_on=(ConnectionError,), retry_delay=0)
        self.addCleanup(pool.shutdown)
        attempts = []

        def flaky():
            attempts.append(1)
            if len(attempts) < 3:
                raise ConnectionError("renderer unavailable")
            return "ok"

        self.assertEqual(pool.result(pool.submit(flaky), timeout=5), "ok")
        self.assertEqual(len(attempts), 3)

    def test_gives_up_after_retries(self):
        pool = WorkerPool(workers=1, retries=1, retry_on=(ConnectionError,), retry_delay=0)
        self.addCleanup(pool.shutdown)
        attempts = []

        def down():
            attempts.append(1)
            raise ConnectionError("renderer unavailable")

        with self.assertRaises(ConnectionError):
            pool.result(pool.submit(down), timeout=5)
        self.assertEqual(len(attempts), 2)

    def test_stats(self):
        self.assertEqual(self.pool.stats(), {"queued": 0, "running": 0, "unclaimed": 0})

    def test_closed(self):
        self.pool.shutdown()
        with self.assertRaises(PoolClosed):
            self.pool.submit(print)

    def test_bad_settings(self):
        for kwargs in ({"workers": 0}, {"retries": -1}, {"retries": 6}, {"retry_delay": -1}):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError):
                WorkerPool(**kwargs)
        with self.assertRaises(TypeError):
            WorkerPool(retry_on=("ConnectionError",))


if __name__ == "__main__":
    unittest.main()
