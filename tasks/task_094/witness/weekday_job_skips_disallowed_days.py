# A job restricted to days of the week must only run on those days. When its time of day has
# already passed today (which is always the case right after it runs), the PR moves to an allowed
# day first and only then adds whole days until the moment is in the future, so the next run lands
# on the following calendar day whether or not that day is allowed: a weekday job scheduled (or
# run) on a Friday runs again on Saturday, and on("monday", "wednesday") also runs on Tuesdays.
import datetime
import schedule

_real_datetime = datetime.datetime


class _Clock:
    def __init__(self, *args):
        self.moment = _real_datetime(*args)

    def __enter__(self):
        moment = self.moment

        class FrozenDatetime(_real_datetime):
            @classmethod
            def now(cls, tz=None):
                frozen = cls(moment.year, moment.month, moment.day,
                             moment.hour, moment.minute, moment.second)
                return frozen.astimezone(tz) if tz else frozen

        datetime.datetime = FrozenDatetime
        return self

    def __exit__(self, *exc):
        datetime.datetime = _real_datetime


def noop():
    pass


scheduler = schedule.Scheduler()

# Created on Friday 2010-01-08 at 10:00, after today's 09:00 has passed.
with _Clock(2010, 1, 8, 10, 0):
    job = scheduler.every().weekday.at("09:00").do(noop)
assert job.next_run == _real_datetime(2010, 1, 11, 9, 0), (
    f"weekday job created on Friday after 09:00 must next run on Monday 2010-01-11 09:00, "
    f"got {job.next_run:%A %Y-%m-%d %H:%M}"
)

# A Monday/Wednesday job that has just run on Monday at 09:00 must next run on Wednesday.
calls = []
with _Clock(2010, 1, 11, 8, 0):  # Monday, before 09:00
    job = scheduler.every().on("monday", "wednesday").at("09:00").do(calls.append, 1)
assert job.next_run == _real_datetime(2010, 1, 11, 9, 0), job.next_run
with _Clock(2010, 1, 11, 9, 0, 1):
    scheduler.run_pending()
assert calls == [1], calls
assert job.next_run.weekday() in (0, 2), (
    f"after running on Monday, the monday/wednesday job is due on a "
    f"{job.next_run:%A} ({job.next_run:%Y-%m-%d %H:%M})"
)
assert job.next_run == _real_datetime(2010, 1, 13, 9, 0), job.next_run

# Without .at(): a weekday job created on a Friday afternoon next runs on Monday.
with _Clock(2010, 1, 8, 15, 30):
    job = scheduler.every().weekday.do(noop)
assert job.next_run == _real_datetime(2010, 1, 11, 15, 30), (
    f"weekday job created on Friday must next run on Monday, got {job.next_run:%A %Y-%m-%d %H:%M}"
)
