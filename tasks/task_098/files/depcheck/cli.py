"""Command line: ``depcheck [--allow-pre] [--json] REQUIREMENTS LOCKFILE``.

Exit status: 0 when every applicable requirement is pinned within its range (warnings
allowed), 1 when there are errors, 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from depcheck.lockfile import LockfileError, read_pins
from depcheck.rules import check, exit_code

_COMMENT = re.compile(r"(^|\s+)#.*$")


class RequirementsError(ValueError):
    """A line of the requirements file is not a requirement."""


def read_requirements(text: str) -> list[Requirement]:
    requirements = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        try:
            requirements.append(Requirement(line))
        except InvalidRequirement as exc:
            raise RequirementsError(f"line {number}: {exc}") from None
    return requirements


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="depcheck", description=__doc__)
    parser.add_argument("requirements", type=Path, help="declared dependencies, one per line")
    parser.add_argument("lockfile", type=Path, help="pinned versions, name==version per line")
    parser.add_argument(
        "--allow-pre",
        action="store_true",
        help="accept pinned pre-releases and development releases without a warning",
    )
    parser.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    args = parser.parse_args(argv)

    try:
        requirements = read_requirements(args.requirements.read_text(encoding="utf-8"))
    except (OSError, RequirementsError) as exc:
        print(f"depcheck: {args.requirements}: {exc}", file=sys.stderr)
        return 2
    try:
        pins = read_pins(args.lockfile.read_text(encoding="utf-8"))
    except (OSError, LockfileError) as exc:
        print(f"depcheck: {args.lockfile}: {exc}", file=sys.stderr)
        return 2

    findings = check(requirements, pins, allow_prereleases=args.allow_pre)
    if args.json:
        print(json.dumps([finding.as_dict() for finding in findings], indent=2))
    else:
        for finding in findings:
            print(f"{finding.level}: {finding.name}: {finding.message}")
    return exit_code(findings)


if __name__ == "__main__":
    sys.exit(main())
