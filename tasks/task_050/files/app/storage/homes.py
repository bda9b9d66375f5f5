"""Users' own folders ("homes"): <root>/<user id>/...

The desktop sync client uploads into a user's home through the sync service, which writes plain
files and folders only (it never creates links) under UTF-8 names. This module only reads: it lists
a home and opens a file in it for download.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import BinaryIO

# open() failures that mean "there is no such file for you", not a server problem
_NOT_THERE = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.ELOOP, errno.ENAMETOOLONG}

MAX_LISTED = 500


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class HomeFile:
    path: str  # relative to the home, "/"-separated
    size: int


@dataclass(frozen=True)
class OpenedFile:
    file: BinaryIO
    name: str
    size: int


class Homes:
    def __init__(self, root: str):
        self.root = os.path.realpath(root)

    def home(self, user_id: int) -> str:
        return os.path.realpath(os.path.join(self.root, str(int(user_id))))

    def resolve(self, user_id: int, relative: str) -> str:
        """The real path of `relative` (a "/"-separated path) inside the user's home.

        `..`, absolute paths and links are resolved first and the result must still be below the
        home, so whatever `relative` is, only the user's own files are reachable.
        """
        if "\0" in relative:
            raise NotFound(relative)
        home = self.home(user_id)
        target = os.path.realpath(os.path.join(home, relative))
        if not target.startswith(home + os.sep):
            raise NotFound(relative)
        return target

    def open_file(self, user_id: int, relative: str) -> OpenedFile:
        """The file at `relative`, opened for reading; the caller closes it."""
        path = self.resolve(user_id, relative)
        try:
            file = open(path, "rb")
        except OSError as exc:
            if exc.errno in _NOT_THERE:
                raise NotFound(relative) from exc
            raise
        try:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise NotFound(relative)
        except BaseException:
            file.close()
            raise
        return OpenedFile(file, os.path.basename(path), info.st_size)

    def list_files(self, user_id: int) -> tuple[list[HomeFile], bool]:
        """The files in the user's home (each folder's own files first, in name order), and whether
        the list stopped at MAX_LISTED."""
        home = self.home(user_id)
        found: list[HomeFile] = []
        for folder, subfolders, names in os.walk(home):
            subfolders.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                except FileNotFoundError:
                    continue  # deleted by the sync service meanwhile
                if not stat.S_ISREG(info.st_mode):
                    continue
                if len(found) == MAX_LISTED:
                    return found, True
                found.append(HomeFile(os.path.relpath(path, home).replace(os.sep, "/"), info.st_size))
        return found, False
