"""Plain-text tables for the ops CLI (``opsctl hosts``, ``opsctl jobs``, ...)."""

from tabletext.table import render

__all__ = ["render"]
