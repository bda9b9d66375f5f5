"""Running external tools. Commands are argv lists, never shell strings."""

import logging
import shlex
import subprocess
from typing import BinaryIO

log = logging.getLogger("relkit")


class ToolError(RuntimeError):
    """An external tool failed; the message carries what it printed on stderr."""


def run(argv: list[str], *, cwd: str | None = None, stdin: BinaryIO | None = None) -> str:
    """Run `argv` and return its stdout; raise ToolError if it cannot start or exits non-zero.

    `stdin`, if given, is an open binary file the tool reads as its standard input."""
    log.debug("$ %s", shlex.join(argv))
    try:
        result = subprocess.run(argv, cwd=cwd, stdin=stdin, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ToolError(f"{argv[0]}: command not found") from None
    if result.returncode != 0:
        raise ToolError(f"{argv[0]} exited with status {result.returncode}: {result.stderr.strip()}")
    return result.stdout
