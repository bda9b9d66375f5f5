"""Background job: bundle the uploads a user selected into one file they can download."""

import logging
from dataclasses import dataclass
from pathlib import Path

from exports.archive import build_archive
from exports.uploads import Upload, owner_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportJob:
    job_id: int
    owner_id: int
    upload_ids: list[int]


def run_export(job: ExportJob, uploads_by_id: dict[int, Upload], upload_root: Path, export_dir: Path) -> Path:
    """Build the archive for `job`; uploads that are not the job owner's are skipped."""
    chosen = []
    for upload_id in dict.fromkeys(job.upload_ids):
        upload = uploads_by_id.get(upload_id)
        if upload is None or upload.owner_id != job.owner_id:
            log.warning("export %s: skipping upload %s", job.job_id, upload_id)
            continue
        chosen.append(upload)
    dest = export_dir / f"export-{job.job_id}.tar.gz"
    log.info("export %s: packing %d upload(s) into %s", job.job_id, len(chosen), dest.name)
    return build_archive(owner_dir(upload_root, job.owner_id), chosen, dest)
