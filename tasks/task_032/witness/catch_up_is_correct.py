# Clean PR: catch-up runs are chosen correctly. The last max_catchup due runs are made (max_catchup is
# validated to be at least 1, so the slice never becomes [-0:]); a run is never repeated (the lower
# bound is the recorded scheduled time, exclusive, and state times keep their UTC offset); the work is
# bounded by the catch-up window however long the runner was down; {scheduled_for} only ever replaces
# text inside one argv element, which is run without a shell.
import json
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from jobrunner import runner as runner_module
from jobrunner.cron import CronExpr
from jobrunner.jobs import Job, JobError, load_jobs
from jobrunner.runner import Runner, run_command
from jobrunner.state import StateFile

runner_module.log.disabled = True
UTC = timezone.utc


def at(day, hour, minute, second=0):
    return datetime(2024, 5, day, hour, minute, second, tzinfo=UTC)


tmp = Path(tempfile.mkdtemp(prefix="jobrunner-witness-"))
clock = {"now": at(6, 10, 0)}
calls = []


def fake_execute(argv, timeout):
    calls.append(tuple(argv))
    return 0


def make_runner(state_path, *jobs):
    return Runner(jobs, StateFile(state_path), clock=lambda: clock["now"], execute=fake_execute)


def tick(r, now):
    clock["now"] = now
    return [result.scheduled_for for result in r.tick()]


def job(schedule, name="report", command=("report",), **options):
    return Job(name, CronExpr.parse(schedule), tuple(command), **options)


# --- max_catchup: at least 1 everywhere a Job can come from, so due[-max_catchup:] is never due[-0:].
for bad in (0, -1, True, False, 1.0, "3", None, 61):
    try:
        job("* * * * *", max_catchup=bad)
    except JobError:
        pass
    else:
        raise AssertionError(f"Job accepted max_catchup={bad!r}")
for bad in (0, -5, True, 2.5, "60", 7 * 24 * 60 + 1, 10**30):
    try:
        job("* * * * *", catchup_window_minutes=bad)
    except JobError:
        pass
    else:
        raise AssertionError(f"Job accepted catchup_window_minutes={bad!r}")
for line in ("max_catchup = 0", "max_catchup = true", "max_catchup = -2", "max_catchup = 2.0",
             "catchup_window_minutes = 0", "catchup_window_minutes = 99999999999999999"):
    path = tmp / "jobs.toml"
    path.write_text(f'[jobs.report]\nschedule = "* * * * *"\ncommand = "report"\n{line}\n')
    try:
        load_jobs(path)
    except JobError:
        pass
    else:
        raise AssertionError(f"load_jobs accepted {line!r}")
path.write_text('[jobs.report]\nschedule = "*/10 * * * *"\ncommand = "report"\nmax_catchup = 3\n'
                'catchup_window_minutes = 120\n[jobs.plain]\nschedule = "0 * * * *"\ncommand = "plain"\n')
loaded = {j.name: j for j in load_jobs(path)}
assert (loaded["report"].max_catchup, loaded["report"].catchup_window) == (3, timedelta(hours=2))
assert (loaded["plain"].max_catchup, loaded["plain"].catchup_window) == (1, timedelta(hours=1)), "defaults"

# --- With max_catchup = 1 and many missed runs, exactly the latest one is made.
state = tmp / "s1.json"
r = make_runner(state, job("* * * * *"))
assert tick(r, at(6, 10, 0)) == [at(6, 10, 0)], "a run due exactly at now is made"
assert tick(r, at(6, 10, 0, 59)) == [], "no second run in the same minute"
assert tick(r, at(6, 10, 45, 30)) == [at(6, 10, 45)], "only the latest of 45 missed runs"
assert tick(r, at(6, 10, 46)) == [at(6, 10, 46)]

# --- max_catchup = 3: the latest three, oldest first; the window is exclusive at its far end.
state = tmp / "s2.json"
r = make_runner(state, job("*/10 * * * *", max_catchup=3, catchup_window_minutes=60))
assert tick(r, at(6, 8, 0)) == [at(6, 8, 0)]
assert tick(r, at(6, 10, 0)) == [at(6, 9, 40), at(6, 9, 50), at(6, 10, 0)]
state3 = tmp / "s3.json"
r = make_runner(state3, job("*/10 * * * *", max_catchup=10, catchup_window_minutes=60))
tick(r, at(6, 8, 0))
assert tick(r, at(6, 10, 0)) == [at(6, 9, 10), at(6, 9, 20), at(6, 9, 30), at(6, 9, 40), at(6, 9, 50), at(6, 10, 0)], (
    "09:00 is exactly 60 minutes old: outside a 60-minute window; 09:10 is inside"
)
assert tick(r, at(6, 10, 0)) == [], "nothing is repeated at the same instant"

# --- A restart reads the state back (with its UTC offset) and repeats nothing, even when the
# recorded time was written with another offset; a clock stepping back reruns nothing.
state_data = json.loads(state3.read_text())
assert state_data == {"report": "2024-05-06T10:00:00+00:00"}, state_data
state3.write_text(json.dumps({"report": "2024-05-06T12:00:00+02:00"}))  # the same instant
r = make_runner(state3, job("*/10 * * * *", max_catchup=10, catchup_window_minutes=60))
assert tick(r, at(6, 10, 5)) == [], "10:00 UTC was already made"
assert tick(r, at(6, 10, 10)) == [at(6, 10, 10)]
assert tick(r, at(6, 9, 0)) == [], "the clock went back: nothing reruns"
assert tick(r, at(6, 10, 15)) == [], "and nothing reruns as it catches up again"
assert tick(r, at(6, 10, 20)) == [at(6, 10, 20)]

# --- A new job does not replay its past; one with no state starts at the current minute.
r = make_runner(tmp / "s4.json", job("0 * * * *", max_catchup=60, catchup_window_minutes=7 * 24 * 60))
assert tick(r, at(6, 10, 30)) == []
assert tick(r, at(6, 11, 0, 20)) == [at(6, 11, 0)]

# --- However long the runner was down, the work is bounded by the window (at most 7 days).
next_after_calls = 0
real_next_after = CronExpr.next_after


def counting_next_after(self, moment):
    global next_after_calls
    next_after_calls += 1
    return real_next_after(self, moment)


state5 = tmp / "s5.json"
state5.write_text(json.dumps({"report": "2021-01-01T00:00:00+00:00"}))  # three years ago
r = make_runner(state5, job("* * * * *", max_catchup=60, catchup_window_minutes=7 * 24 * 60))
CronExpr.next_after = counting_next_after
try:
    made = tick(r, at(6, 10, 0))
finally:
    CronExpr.next_after = real_next_after
assert made == [at(6, 10, 0) - timedelta(minutes=59 - i) for i in range(60)], made[:2]
assert next_after_calls <= 7 * 24 * 60 + 1, f"{next_after_calls} schedule steps for a 7-day window"

# --- Two jobs share a state file without interfering.
calls.clear()
r = make_runner(tmp / "s6.json", job("*/30 * * * *", name="a", command=("a",), max_catchup=2),
                job("0 * * * *", name="b", command=("b",)))
tick(r, at(6, 9, 0))
tick(r, at(6, 10, 5))
assert calls == [("a",), ("b",), ("a",), ("a",), ("b",)], calls

# --- {scheduled_for} replaces text inside single argv elements; nothing goes through a shell.
calls.clear()
r = make_runner(tmp / "s7.json", job("*/30 * * * *", command=("report", "--end={scheduled_for}", "{scheduled_for}"),
                                     max_catchup=2))
tick(r, at(6, 9, 0))
tick(r, at(6, 10, 1))
assert calls[1:] == [
    ("report", "--end=2024-05-06T09:30:00+00:00", "2024-05-06T09:30:00+00:00"),
    ("report", "--end=2024-05-06T10:00:00+00:00", "2024-05-06T10:00:00+00:00"),
], calls

out = Path("argv-seen.json").resolve()
script = "import json, sys; json.dump(sys.argv[1:], open(sys.argv[1], 'w'))"
hostile = ("; touch pwned1", "$(touch pwned2)", "`touch pwned3`", "&& touch pwned4 #{scheduled_for}")
real = Runner(
    [Job("probe", CronExpr.parse("* * * * *"), (sys.executable, "-c", script, str(out), *hostile, "{scheduled_for}"))],
    StateFile(tmp / "s8.json"),
    clock=lambda: at(6, 10, 0, 5),
)
results = real.tick()
assert [(x.scheduled_for, x.returncode) for x in results] == [(at(6, 10, 0), 0)], results
seen = json.loads(out.read_text())
assert seen == [str(out), "; touch pwned1", "$(touch pwned2)", "`touch pwned3`",
                "&& touch pwned4 #2024-05-06T10:00:00+00:00", "2024-05-06T10:00:00+00:00"], seen
assert not any(Path(f"pwned{i}").exists() for i in range(1, 5)), "a shell ran the command"
out.unlink()

# --- run_command reports a command that cannot start or runs too long, without raising.
assert run_command([str(tmp / "no-such-program")], 5) is None
assert run_command([sys.executable, "-c", "import time; time.sleep(30)"], 0.5) is None
assert run_command([sys.executable, "-c", "raise SystemExit(3)"], 10) == 3
shutil.rmtree(tmp)
print("ok")
