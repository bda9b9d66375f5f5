"""Operator command line: look at tenants' jobs from a shell on the API host."""

import argparse
import json
import sqlite3
import sys

from taskq.specs import SpecError, export_specs, spec_to_json
from taskq.store import SpecStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="taskq")
    parser.add_argument("--db", default="/var/lib/taskq/specs.sqlite3", help="the spec database")
    commands = parser.add_subparsers(dest="command", required=True)
    list_jobs = commands.add_parser("list-jobs", help="print a tenant's job specs as JSON")
    list_jobs.add_argument("tenant")
    export_jobs = commands.add_parser("export-jobs", help="write a tenant's jobs to an export file")
    export_jobs.add_argument("tenant")
    export_jobs.add_argument("--name", action="append", help="export only this job (repeatable)")
    export_jobs.add_argument("-o", "--output", required=True, help="the file to write")
    args = parser.parse_args(argv)

    conn = sqlite3.connect(args.db)
    try:
        store = SpecStore(conn)
        if args.command == "list-jobs":
            json.dump([spec_to_json(spec) for spec in store.list(args.tenant)], sys.stdout, indent=2)
            print()
        elif args.command == "export-jobs":
            return _export_jobs(store, args.tenant, args.name, args.output)
    finally:
        conn.close()
    return 0


def _export_jobs(store: SpecStore, tenant: str, names: list[str] | None, output: str) -> int:
    specs = store.list(tenant)
    if names:
        missing = sorted(set(names) - {spec.name for spec in specs})
        if missing:
            print(f"export-jobs: {tenant} has no job {', '.join(missing)}", file=sys.stderr)
            return 1
        specs = [spec for spec in specs if spec.name in names]
    try:
        blob = export_specs(specs)
    except SpecError as exc:
        print(f"export-jobs: {exc}", file=sys.stderr)
        return 1
    with open(output, "wb") as out:
        out.write(blob)
    print(f"exported {len(specs)} jobs of {tenant} to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
