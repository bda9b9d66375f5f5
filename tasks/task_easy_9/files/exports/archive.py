"""Packing a user's uploads into one downloadable archive."""

import subprocess
from pathlib import Path

from exports.uploads import Upload

# Exports of several GB took minutes with zipfile and held the worker's CPU; tar streams from disk.
TAR_TIMEOUT_S = 15 * 60


class MissingUpload(LookupError):
    """An upload row exists but its file is gone from disk."""


class ArchiveError(RuntimeError):
    """tar failed; the message carries its exit status and stderr."""


def build_archive(upload_dir: Path, uploads: list[Upload], dest: Path) -> Path:
    """Write the chosen uploads into a gzipped tarball at `dest`, each under its stored name."""
    names = []
    for upload in uploads:
        if not (upload_dir / upload.stored_name).is_file():
            raise MissingUpload(upload.stored_name)
        names.append(upload.stored_name)
    if not names:
        raise ValueError("nothing to export")
    command = f"tar -czf {dest} -C {upload_dir} {' '.join(names)}"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=TAR_TIMEOUT_S)
    if result.returncode != 0:
        raise ArchiveError(f"tar exited with status {result.returncode}: {result.stderr.strip()}")
    return dest
