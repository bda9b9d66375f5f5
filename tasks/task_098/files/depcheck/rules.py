"""Compare the declared requirements with the versions the lock file pins."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

from depcheck.lockfile import Pin

ERROR = "error"
WARNING = "warning"


@dataclasses.dataclass(frozen=True)
class Finding:
    name: NormalizedName
    kind: str
    level: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


def check(
    requirements: Iterable[Requirement],
    pins: Mapping[NormalizedName, Pin],
    *,
    allow_prereleases: bool = False,
    environment: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Check each requirement whose marker applies to ``environment`` against its pin.

    ``environment`` overrides marker variables of the running interpreter
    (``{"sys_platform": "win32"}``). The findings, in requirement order:

    - ``missing`` (error): the project is not pinned;
    - ``conflict`` (error): the pinned version is outside the requirement's specifier;
    - ``prerelease`` (warning, none with ``allow_prereleases``): the pinned version
      satisfies the specifier but is a pre-release or development release.
    """
    env = dict(environment) if environment is not None else None
    findings = []
    for req in requirements:
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        pin = pins.get(name)
        if pin is None:
            findings.append(Finding(name, "missing", ERROR, f"{req} is not pinned"))
            continue
        where = f"{pin.version} (lock file line {pin.line})"
        if not req.specifier.contains(pin.version):
            findings.append(
                Finding(name, "conflict", ERROR, f"pinned {where} does not satisfy {req}")
            )
        elif pin.version.is_prerelease and not allow_prereleases:
            findings.append(Finding(name, "prerelease", WARNING, f"pinned {where} is a pre-release"))
    return findings


def exit_code(findings: Iterable[Finding]) -> int:
    """1 if any finding is an error, else 0: warnings alone do not fail the check."""
    return 1 if any(f.level == ERROR for f in findings) else 0
