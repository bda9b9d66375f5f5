import tempfile
import unittest
from datetime import datetime, timezone
from pathlib import Path

from jobrunner.cron import CronExpr
from jobrunner.jobs import Job, JobError
from jobrunner.runner import Runner
from jobrunner.state import StateFile


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2024, 5, 6, hour, minute, second, tzinfo=timezone.utc)


def job(schedule: str, *command: str, **options) -> Job:
    return Job("report", CronExpr.parse(schedule), command or ("report",), **options)


class RunnerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.state_path = Path(self.tmp.name) / "state.json"
        self.now = at(10, 0)
        self.calls: list[tuple[str, ...]] = []

    def runner(self, *jobs: Job) -> Runner:
        def execute(argv, timeout):
            self.calls.append(tuple(argv))
            return 0

        return Runner(jobs, StateFile(self.state_path), clock=lambda: self.now, execute=execute)

    def ran_at(self, runner: Runner, hour: int, minute: int, second: int = 0) -> list[str]:
        self.now = at(hour, minute, second)
        return [f"{result.scheduled_for:%H:%M}" for result in runner.tick()]

    def test_runs_a_due_job_once_per_minute(self) -> None:
        runner = self.runner(Job("ping", CronExpr.parse("*/5 * * * *"), ("ping",)))
        runner.tick()
        self.now = at(10, 0, 40)
        runner.tick()
        self.now = at(10, 1)
        runner.tick()
        self.assertEqual(self.calls, [("ping",)])

    def test_state_survives_a_restart(self) -> None:
        job = Job("ping", CronExpr.parse("0 * * * *"), ("ping",))
        self.runner(job).tick()
        self.now = at(10, 0, 30)
        self.runner(job).tick()
        self.assertEqual(len(self.calls), 1)

    def test_a_late_tick_makes_the_latest_missed_run(self) -> None:
        runner = self.runner(job("* * * * *"))
        self.assertEqual(self.ran_at(runner, 10, 0), ["10:00"])
        self.assertEqual(self.ran_at(runner, 10, 3, 10), ["10:03"])
        self.assertEqual(self.ran_at(runner, 10, 3, 50), [])

    def test_catches_up_the_latest_runs_oldest_first(self) -> None:
        runner = self.runner(job("*/10 * * * *", max_catchup=3, catchup_window_minutes=120))
        self.assertEqual(self.ran_at(runner, 9, 0), ["09:00"])
        self.assertEqual(self.ran_at(runner, 10, 5), ["09:40", "09:50", "10:00"])
        self.assertEqual(self.ran_at(runner, 10, 10), ["10:10"])

    def test_runs_older_than_the_window_are_dropped(self) -> None:
        runner = self.runner(job("0,30 * * * *", max_catchup=5, catchup_window_minutes=60))
        self.ran_at(runner, 7, 0)
        self.assertEqual(self.ran_at(runner, 10, 20), ["09:30", "10:00"])

    def test_a_new_job_does_not_replay_its_past(self) -> None:
        runner = self.runner(job("0 * * * *", max_catchup=10, catchup_window_minutes=600))
        self.assertEqual(self.ran_at(runner, 10, 30), [])
        self.assertEqual(self.ran_at(runner, 11, 0), ["11:00"])

    def test_a_clock_stepping_back_does_not_rerun(self) -> None:
        runner = self.runner(job("*/5 * * * *", max_catchup=10))
        self.assertEqual(self.ran_at(runner, 10, 10), ["10:10"])
        self.assertEqual(self.ran_at(runner, 10, 2), [])
        self.assertEqual(self.ran_at(runner, 10, 15), ["10:15"])

    def test_the_scheduled_time_is_passed_to_the_command(self) -> None:
        runner = self.runner(job("*/30 * * * *", "report", "--period-end={scheduled_for}", max_catchup=2))
        self.ran_at(runner, 9, 0)
        self.ran_at(runner, 10, 1)
        self.assertEqual(
            self.calls[1:],
            [
                ("report", "--period-end=2024-05-06T09:30:00+00:00"),
                ("report", "--period-end=2024-05-06T10:00:00+00:00"),
            ],
        )

    def test_catchup_settings_are_checked(self) -> None:
        for options in ({"max_catchup": 0}, {"max_catchup": True}, {"catchup_window_minutes": 10081}):
            with self.subTest(**options), self.assertRaises(JobError):
                job("* * * * *", **options)


if __name__ == "__main__":
    unittest.main()
