"""Files uploaded by tenants, kept on the local disk: <root>/<tenant>/<folders...>/<name>."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from typing import BinaryIO

from filedrop import names

MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_LISTED = 1000
CHUNK_SIZE = 256 * 1024
TEMP_PREFIX = ".upload-"


class NotFound(LookupError):
    pass


class TooLarge(ValueError):
    pass


class IncompleteUpload(ValueError):
    pass


class Conflict(ValueError):
    """The key needs a folder where a file is, or names an existing folder."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int


class Store:
    def __init__(self, root: str, max_bytes: int = MAX_UPLOAD_BYTES):
        self.root = os.path.abspath(root)
        self.max_bytes = max_bytes

    def _path(self, tenant: str, segments: tuple[str, ...]) -> str:
        return os.path.join(self.root, names.check_tenant(tenant), *segments)

    def save(self, tenant: str, key: str, stream: BinaryIO, size: int) -> StoredFile:
        """Store `size` bytes read from `stream` under `key`, replacing any file already there.

        The data goes to a temporary file next to the target, which replaces the target only once
        every byte is written, so readers see the old file or the new one, never a partial one.
        """
        path = self._path(tenant, names.parse_key(key))
        if size < 0:
            raise ValueError(f"negative size: {size}")
        if size > self.max_bytes:
            raise TooLarge(f"{size} bytes is over the limit of {self.max_bytes}")
        folder = os.path.dirname(path)
        try:
            os.makedirs(folder, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            raise Conflict(f"a file is in the way of folder {os.path.dirname(key)!r}") from exc
        fd, temp_path = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as out:
                _copy_exactly(stream, out, size)
                out.flush()
                os.fsync(out.fileno())
            try:
                os.replace(temp_path, path)
            except IsADirectoryError as exc:
                raise Conflict(f"{key!r} is a folder") from exc
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_path)
            raise
        return StoredFile(key, size)

    def open_file(self, tenant: str, key: str) -> tuple[BinaryIO, int]:
        """The file under `key`, opened for reading, and its size. The caller closes it."""
        path = self._path(tenant, names.parse_key(key))
        try:
            src = open(path, "rb")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
            raise NotFound(key) from exc
        try:
            return src, os.fstat(src.fileno()).st_size
        except BaseException:
            src.close()
            raise

    def delete(self, tenant: str, key: str) -> None:
        try:
            os.unlink(self._path(tenant, names.parse_key(key)))
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as exc:
            raise NotFound(key) from exc

    def list_files(self, tenant: str, folder: str = "") -> tuple[list[StoredFile], bool]:
        """The files in `folder` and its subfolders (each folder's own files first, in name order),
        and whether the list was cut at MAX_LISTED. Uploads in progress (temporary files) are hidden."""
        top = names.parse_folder(folder)
        base = self._path(tenant, top)
        found: list[StoredFile] = []
        for dirpath, dirnames, filenames in os.walk(base, onerror=_raise_unless_missing):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            below = os.path.relpath(dirpath, base)
            prefix = top if below == "." else top + tuple(below.split(os.sep))
            for name in sorted(f for f in filenames if not f.startswith(".")):
                try:
                    size = os.stat(os.path.join(dirpath, name)).st_size
                except FileNotFoundError:
                    continue  # deleted while we were listing
                if len(found) == MAX_LISTED:
                    return found, True
                found.append(StoredFile("/".join(prefix + (name,)), size))
        return found, False


def _raise_unless_missing(error: OSError) -> None:
    if not isinstance(error, (FileNotFoundError, NotADirectoryError)):
        raise error


def _copy_exactly(src: BinaryIO, dst: BinaryIO, size: int) -> None:
    remaining = size
    while remaining > 0:
        chunk = src.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            raise IncompleteUpload(f"the body ended {remaining} bytes short of {size}")
        dst.write(chunk)
        remaining -= len(chunk)
