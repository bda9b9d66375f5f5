"""The notification texts and digest are right on the inputs where they look wrong."""

from datetime import datetime, timedelta, timezone

from notify import digest, humanfmt
from notify.models import Event
from notify.render import render, render_group

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=timezone.utc)

# naturaltime(timedelta): a positive age is in the past.
assert humanfmt.relative(NOW - timedelta(minutes=5), NOW) == "5 minutes ago", humanfmt.relative(NOW - timedelta(minutes=5), NOW)
assert humanfmt.relative(NOW - timedelta(hours=3), NOW) == "3 hours ago"
assert humanfmt.relative(NOW - timedelta(days=6, hours=23), NOW) == "6 days ago"
# clock skew: a little in the future reads "now", never "... from now"
for skew in (timedelta(microseconds=1), timedelta(seconds=2)):
    assert humanfmt.relative(NOW + skew, NOW) == "now", humanfmt.relative(NOW + skew, NOW)
assert humanfmt.relative(NOW, NOW) == "now"
# a week or more: the date
assert humanfmt.relative(NOW - timedelta(days=7), NOW) == "Apr 25"
assert humanfmt.relative(datetime(2023, 12, 30, 23, 0, tzinfo=timezone.utc), NOW) == "Dec 30, 2023"

# people(): three named, four and more counted, duplicates once
assert humanfmt.people(["a", "b", "c"]) == "a, b and c"
assert humanfmt.people(["a", "b", "c", "d"]) == "a, b and 2 others"
assert humanfmt.people(["a", "b", "a", "c", "b"]) == "a, b and c"
assert humanfmt.people(["a", "b", "a", "c", "b", "d"]) == "a, b and 2 others"
many = [f"user{n}" for n in range(1206)]
assert humanfmt.people(many) == "user0, user1 and 1,204 others", humanfmt.people(many)

# sizes, including an empty upload
assert humanfmt.filesize(0) == "0 Bytes"
assert render(Event("upload", "a", "x.txt", NOW - timedelta(minutes=1), size=0), NOW) == "a uploaded x.txt (0 Bytes) · a minute ago"

# render_group via the digest: the newest upload's size and the newest time, whatever the input order
base = NOW - timedelta(hours=1)
events = [
    Event("upload", "bob", "q3.pdf", base + timedelta(minutes=40), size=2_400_000),
    Event("upload", "alice", "q3.pdf", base + timedelta(minutes=10), size=1_000),
]
lines = digest.build_digest(events, base, NOW)
assert lines == ["alice and bob uploaded q3.pdf (2.4 MB) · 20 minutes ago"], lines

# consecutive digests: every event exactly once
runs = [base + timedelta(minutes=15 * n) for n in range(5)]
stream = [Event("share", "a", f"doc-{n}", base + timedelta(minutes=n)) for n in range(61)]
seen = []
for since, now in zip(runs, runs[1:]):
    for line in digest.build_digest(stream, since, now):
        seen.append(line.split(" ")[2])
assert sorted(seen) == sorted(f"doc-{n}" for n in range(60)), seen

# the overflow line counts the hidden notifications
stream = [Event("comment", "a", f"doc-{n}", base + timedelta(minutes=n)) for n in range(digest.MAX_LINES + 1)]
stream.append(Event("comment", "b", "doc-0", base))
lines = digest.build_digest(stream, base, NOW)
assert len(lines) == digest.MAX_LINES + 1 and lines[-1] == "and 2 more notifications", lines[-1]
assert render_group([Event("mention", "c", "plan", base)], NOW) == "c mentioned you in plan · an hour ago"
print("ok")
