"""Job specs: what a tenant schedules, and how the API reads and writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from taskq import codec

# The job functions a spec may name (see taskq.jobs).
JOB_TYPES = frozenset({"http_call", "report_export", "retention_cleanup", "webhook_digest"})
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_CRON_FIELD = re.compile(r"^(\*|\d{1,2}(-\d{1,2})?)(/\d{1,2})?(,(\*|\d{1,2}(-\d{1,2})?)(/\d{1,2})?)*$")
MAX_TIMEOUT = timedelta(hours=6)
MAX_RETRIES = 10


class SpecError(ValueError):
    """A spec the API cannot accept; the message is shown to the tenant."""


@dataclass(frozen=True)
class JobSpec:
    tenant: str
    name: str
    job_type: str
    schedule: str  # five-field cron expression, in UTC
    params: dict[str, Any] = field(default_factory=dict)
    timeout: timedelta = timedelta(minutes=5)
    max_retries: int = 3
    active_from: date | None = None
    active_until: date | None = None


def validate(spec: JobSpec) -> JobSpec:
    """Return `spec` if the scheduler can run it; raise SpecError saying why not."""
    if not NAME.match(spec.name):
        raise SpecError(f"invalid job name {spec.name!r}")
    if spec.job_type not in JOB_TYPES:
        raise SpecError(f"unknown job type {spec.job_type!r}")
    fields = spec.schedule.split()
    if len(fields) != 5 or not all(_CRON_FIELD.match(part) for part in fields):
        raise SpecError(f"invalid schedule {spec.schedule!r}: five cron fields expected")
    if not timedelta(seconds=1) <= spec.timeout <= MAX_TIMEOUT:
        raise SpecError(f"timeout must be between 1 second and {MAX_TIMEOUT}")
    if not 0 <= spec.max_retries <= MAX_RETRIES:
        raise SpecError(f"max_retries must be between 0 and {MAX_RETRIES}")
    if spec.active_from and spec.active_until and spec.active_until < spec.active_from:
        raise SpecError("active_until is before active_from")
    if not all(isinstance(key, str) for key in spec.params):
        raise SpecError("parameter names must be strings")
    return spec


_JSON_FIELDS = {
    "name",
    "job_type",
    "schedule",
    "params",
    "timeout_seconds",
    "max_retries",
    "active_from",
    "active_until",
}


def spec_from_json(tenant: str, data: Any) -> JobSpec:
    """Build and validate a spec from the API's JSON representation."""
    if not isinstance(data, dict):
        raise SpecError("a job spec is a JSON object")
    unknown = set(data) - _JSON_FIELDS
    if unknown:
        raise SpecError(f"unknown fields: {', '.join(sorted(unknown))}")
    try:
        spec = JobSpec(
            tenant=tenant,
            name=str(data["name"]),
            job_type=str(data["job_type"]),
            schedule=str(data["schedule"]),
            params=dict(data.get("params") or {}),
            timeout=timedelta(seconds=float(data.get("timeout_seconds", 300))),
            max_retries=int(data.get("max_retries", 3)),
            active_from=_date(data.get("active_from")),
            active_until=_date(data.get("active_until")),
        )
    except KeyError as exc:
        raise SpecError(f"missing field {exc.args[0]}") from None
    except (TypeError, ValueError, OverflowError) as exc:
        raise SpecError(f"invalid field value: {exc}") from None
    return validate(spec)


def spec_to_json(spec: JobSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "job_type": spec.job_type,
        "schedule": spec.schedule,
        "params": spec.params,
        "timeout_seconds": spec.timeout.total_seconds(),
        "max_retries": spec.max_retries,
        "active_from": spec.active_from.isoformat() if spec.active_from else None,
        "active_until": spec.active_until.isoformat() if spec.active_until else None,
    }


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


# An export file is a header line followed by the specs in the spec table's own encoding
# (taskq.codec), so every field round-trips exactly as stored, including fields added later.
EXPORT_HEADER = b"taskq-jobs-export/1"
MAX_EXPORT_SPECS = 500


def export_specs(specs: list[JobSpec]) -> bytes:
    """An export file holding `specs`, detached from their workspace."""
    if len(specs) > MAX_EXPORT_SPECS:
        raise SpecError(f"an export holds at most {MAX_EXPORT_SPECS} jobs")
    return EXPORT_HEADER + b"\n" + codec.dumps([replace(spec, tenant="") for spec in specs])


def import_specs(tenant: str, blob: bytes) -> list[JobSpec]:
    """The specs of an export file, validated and moved into `tenant`'s workspace."""
    header, _, body = blob.partition(b"\n")
    if header != EXPORT_HEADER:
        raise SpecError("not a taskq jobs export")
    specs = codec.loads(body)
    if not isinstance(specs, list) or not all(isinstance(spec, JobSpec) for spec in specs):
        raise SpecError("the export does not hold job specs")
    if len(specs) > MAX_EXPORT_SPECS:
        raise SpecError(f"an export holds at most {MAX_EXPORT_SPECS} jobs")
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise SpecError("the export holds two jobs with the same name")
    return [validate(replace(spec, tenant=tenant)) for spec in specs]
