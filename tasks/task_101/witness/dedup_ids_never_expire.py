# RecentIds promises to hold at most the ids of the last two windows, but each rotation merges the
# current generation into the previous one (`|=`) instead of replacing it, so under steady traffic
# the previous set keeps every id ever added: memory grows without bound in the long-running worker.
from tracking.dedup import RecentIds

now = [0.0]
recent = RecentIds(window=60, clock=lambda: now[0])
for minute in range(200):  # 200 windows of steady traffic, 100 events a window
    now[0] = minute * 60.0 + 1
    for n in range(100):
        recent.add(f"evt-{minute}-{n}")

assert len(recent) <= 2 * 100, f"{len(recent)} ids held after 200 windows; at most two windows (200) expected"
assert "evt-0-0" not in recent, "an id from 200 windows ago is still remembered"
assert "evt-199-0" in recent and "evt-198-99" in recent, "ids of the last window were forgotten"
