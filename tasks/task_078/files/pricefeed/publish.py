"""Publishing a checked price list where the pricing service reads it."""

from __future__ import annotations

import os
import shutil


def publish(scratch: str, dest: str) -> int:
    """Put the finished scratch file at `dest` and return its size in bytes.

    The list it replaces is kept as `<dest>.prev`, so a bad feed can be rolled back by hand. Both are
    readable by everyone: the pricing service runs as another user.
    """
    if os.path.exists(dest):
        shutil.copy2(dest, dest + ".prev")
        os.chmod(dest + ".prev", 0o644)
    shutil.copyfile(scratch, dest)
    os.chmod(dest, 0o644)
    return os.path.getsize(dest)
