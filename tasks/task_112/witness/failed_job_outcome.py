# A job that raises an exception that is not in retry_on must still get an outcome: result() raises the
# job's exception and its batch finishes (as before the PR, when the worker called ResultStore.fail).
# _execute's `except Exception` branch only logs and returns, so nothing is recorded: result() waits
# until it times out, and a batch holding the job never finishes (on_done is never called).
import logging

from jobs.pool import WorkerPool

logging.disable(logging.CRITICAL)


def broken_template():
    raise ValueError("unknown column 'region'")


pool = WorkerPool(workers=2, retries=2, retry_on=(ConnectionError,), retry_delay=0)

job_id = pool.submit(broken_template)
try:
    pool.result(job_id, timeout=1.0)
    outcome = "returned a value"
except ValueError as exc:
    outcome = f"ValueError: {exc}"
except TimeoutError:
    outcome = "TimeoutError: no outcome was ever recorded"
assert outcome.startswith("ValueError"), f"result() of a job that raised ValueError: {outcome}"

done = []
batch = pool.submit_batch([(pow, (2, 5), {}), (broken_template, (), {})], on_done=done.append)
assert batch.wait(1.0), "a batch with a failed job never finishes"
assert done == [batch], "on_done was not called"
outcomes = pool.gather(batch, timeout=1.0)
assert outcomes[0] == (True, 32) and outcomes[1][0] is False and isinstance(outcomes[1][1], ValueError), outcomes
assert batch.failed == 1
pool.shutdown()
