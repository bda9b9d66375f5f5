"""Command line for the LMS's scheduled jobs (run from cron on the app server)."""

import argparse
import sys

from lms import db
from lms.sync import MAX_DEACTIVATE_SHARE, ExportFormatError, SyncAborted, read_export, sync_roster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lms")
    parser.add_argument("--db", default="lms.sqlite3", help="path of the LMS database")
    commands = parser.add_subparsers(dest="command", required=True)
    sync = commands.add_parser("sync-roster", help="update students and enrolments from the SIS export")
    sync.add_argument("export", help="path of the SIS export (CSV)")
    sync.add_argument("--term", required=True, help="the term the export is for, e.g. 2024-fall")
    sync.add_argument(
        "--max-deactivate",
        type=float,
        default=MAX_DEACTIVATE_SHARE,
        metavar="SHARE",
        help="refuse to deactivate more than this share of the active students (default %(default)s)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.max_deactivate <= 1:
        parser.error("--max-deactivate must be between 0 and 1")

    with open(args.export, newline="", encoding="utf-8-sig") as stream:
        try:
            rows, problems = read_export(stream)
        except ExportFormatError as exc:
            print(f"sync-roster: {exc}", file=sys.stderr)
            return 2
    conn = db.connect(args.db)
    try:
        report = sync_roster(conn, rows, args.term, max_deactivate_share=args.max_deactivate)
    except SyncAborted as exc:
        print(f"sync-roster: {exc}", file=sys.stderr)
        return 3
    finally:
        conn.close()
    for problem in problems + report.skipped:
        print(f"skipped {problem}", file=sys.stderr)
    print(f"students: {report.created} created, {report.updated} updated, {report.deactivated} deactivated")
    print(f"enrolments: {report.enrolled} added, {report.dropped} dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
