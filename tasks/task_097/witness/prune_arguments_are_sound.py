# prune's argument handling holds up where it looks risky:
# - plan() deletes ordered[:-keep], which with keep=0 would delete nothing, but keep < 1 is refused
#   (exit 2) before anything is deleted, and keep=1 deletes all but the newest;
# - args["-v"] is used as a number: the usage line says [-v...], so docopt returns a count;
# - option values arrive as strings ([default: 7] / [default: 24] too) and are converted;
# - snapshot times (UTC from the file name) are compared with an aware "now".
import contextlib
import io
import os
import tempfile
from datetime import datetime, timedelta, timezone

from snapkeep.cli import main


def fresh_dir(*hours_ago):
    directory = tempfile.mkdtemp(prefix="snapkeep-")
    now = datetime.now(timezone.utc)
    for hours in hours_ago:
        stamp = (now - timedelta(hours=hours)).strftime("%Y%m%dT%H%M")
        with open(os.path.join(directory, f"db-{stamp}.tar.gz"), "wb") as fp:
            fp.write(b"x" * 1024)
    return directory


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue().splitlines(), err.getvalue()


def newest_first(directory):
    return sorted(os.listdir(directory), reverse=True)


# keep=0 and negative values are refused, and nothing is deleted.
for bad in ("--keep=0", "--keep=-1", "--keep=two", "--min-age=-1", "--min-age=1.5"):
    d = fresh_dir(100, 200, 300)
    code, _, err = run("prune", d, bad)
    assert code == 2 and "snapkeep prune:" in err, (bad, code, err)
    assert len(os.listdir(d)) == 3, (bad, os.listdir(d))

# keep=1 keeps only the newest old snapshot.
d = fresh_dir(100, 200, 300, 400)
newest = newest_first(d)[0]
code, out, _ = run("prune", d, "--keep=1")
assert code == 0 and os.listdir(d) == [newest], os.listdir(d)
assert out[-1] == "3 snapshot(s) deleted, 3.0 KiB freed", out

# Defaults: keep 7, min-age 24 hours.
d = fresh_dir(*range(30, 30 + 24 * 10, 24))
keepers = newest_first(d)[:7]
assert run("prune", d)[0] == 0
assert sorted(os.listdir(d)) == sorted(keepers), os.listdir(d)

# Recent snapshots survive whatever --keep says; --min-age=0 lets them go.
d = fresh_dir(1, 5, 23, 25, 48)
run("prune", d, "--keep=1")
assert len(os.listdir(d)) == 3, os.listdir(d)
run("prune", d, "--keep=1", "--min-age=0")
assert len(os.listdir(d)) == 1, os.listdir(d)

# Verbosity is a count: no -v lists only deletions, -v adds kept snapshots, -vv adds reasons.
d = fresh_dir(100, 200)
_, quiet, _ = run("prune", d, "--keep=1", "--dry-run")
_, one, _ = run("prune", d, "--keep=1", "--dry-run", "-v")
_, two, _ = run("prune", d, "--keep=1", "--dry-run", "-vv")
_, two_split, _ = run("prune", d, "--keep=1", "--dry-run", "-v", "-v")
assert len(os.listdir(d)) == 2, "dry run deleted files"
assert [l.split()[0] for l in quiet] == ["would", "1"], quiet
assert [l.split()[0] for l in one] == ["would", "keep", "1"], one
assert "(" not in one[0] and "(" not in one[1], one
assert two[0].endswith("(older than 24 hours)") and two[1].endswith("(one of the newest 1)"), two
assert two_split == two, (two_split, two)
