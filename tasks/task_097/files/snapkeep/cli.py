"""snapkeep: look after the nightly database snapshot files.

Usage:
  snapkeep list <dir> [--prefix=<name>]
  snapkeep prune <dir> [--prefix=<name>] [--keep=<n>] [--min-age=<hours>] [--dry-run] [-v...]
  snapkeep (-h | --help)
  snapkeep --version

Options:
  --prefix=<name>     Only snapshots whose names start with this [default: db-].
  --keep=<n>          Always keep this many of the newest snapshots [default: 7].
  --min-age=<hours>   Never delete a snapshot younger than this [default: 24].
  --dry-run           Print what would be deleted; delete nothing.
  -v                  Also list the snapshots kept; -vv also says why.
  -h --help           Show this screen.
  --version           Show the version.
"""

import os
import sys
from datetime import datetime, timedelta, timezone

from docopt import docopt

from . import __version__
from .retention import plan
from .snapshots import find_snapshots


class UsageError(Exception):
    """A command-line value docopt accepted but snapkeep cannot use."""


def _human(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def cmd_list(directory: str, prefix: str) -> int:
    snapshots = find_snapshots(directory, prefix)
    for snap in snapshots:
        print(f"{snap.taken:%Y-%m-%d %H:%M}  {_human(snap.size):>10}  {snap.path}")
    print(f"{len(snapshots)} snapshot(s)")
    return 0


def cmd_prune(
    directory: str, prefix: str, keep: int, min_age: timedelta, dry_run: bool, verbose: int
) -> int:
    snapshots = find_snapshots(directory, prefix)
    decisions = plan(snapshots, keep, min_age, datetime.now(timezone.utc))
    deleted = freed = failed = 0
    for decision in decisions:
        snap = decision.snapshot
        why = f"  ({decision.reason})" if verbose >= 2 else ""
        if not decision.delete:
            if verbose:
                print(f"keep          {snap.path}{why}")
            continue
        if dry_run:
            print(f"would delete  {snap.path}{why}")
        else:
            try:
                os.remove(snap.path)
            except OSError as exc:
                print(f"cannot delete {snap.path}: {exc.strerror}", file=sys.stderr)
                failed += 1
                continue
            print(f"deleted       {snap.path}{why}")
        deleted += 1
        freed += snap.size
    if dry_run:
        print(f"{deleted} snapshot(s) would be deleted, freeing {_human(freed)}")
    else:
        print(f"{deleted} snapshot(s) deleted, {_human(freed)} freed")
    return 1 if failed else 0


def _whole_number(args, option: str, minimum: int) -> int:
    text = args[option]
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{option} must be a whole number, not {text!r}") from None
    if value < minimum:
        raise UsageError(f"{option} must be at least {minimum}, not {value}")
    return value


def main(argv=None) -> int:
    args = docopt(__doc__, argv=argv, version=f"snapkeep {__version__}")
    if args["list"]:
        return cmd_list(args["<dir>"], args["--prefix"])
    if args["prune"]:
        try:
            keep = _whole_number(args, "--keep", 1)
            min_age = timedelta(hours=_whole_number(args, "--min-age", 0))
        except UsageError as exc:
            print(f"snapkeep prune: {exc}", file=sys.stderr)
            return 2
        return cmd_prune(
            args["<dir>"], args["--prefix"], keep, min_age, args["--dry-run"], args["-v"]
        )
    return 2


if __name__ == "__main__":
    sys.exit(main())
