#!/usr/bin/env python

"""Bits and bytes related humanization."""
from __future__ import annotations

import re
from fractions import Fraction

suffixes = {
    "decimal": (" kB", " MB", " GB", " TB", " PB", " EB", " ZB", " YB"),
    "binary": (" KiB", " MiB", " GiB", " TiB", " PiB", " EiB", " ZiB", " YiB"),
    "gnu": "KMGTPEZY",
}

_SIZE_RE = re.compile(r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*([A-Za-z]*)\s*")


def naturalsize(
    value: float | str,
    binary: bool = False,
    gnu: bool = False,
    format: str = "%.1f",
    max_unit: str | None = None,
) -> str:
    """Format a number of bytes like a human readable filesize (e.g. 10 kB).

    By default, decimal suffixes (kB, MB) are used.

    Non-GNU modes are compatible with jinja2's `filesizeformat` filter.

    Examples:
        ```pycon
        >>> naturalsize(3000000)
        '3.0 MB'
        >>> naturalsize(300, False, True)
        '300B'
        >>> naturalsize(3000, False, True)
        '2.9K'
        >>> naturalsize(3000, False, True, "%.3f")
        '2.930K'
        >>> naturalsize(3000, True)
        '2.9 KiB'
        >>> naturalsize(10**28)
        '10000.0 YB'
        >>> naturalsize(-4096, True)
        '-4.0 KiB'

        ```

    Args:
        value (int, float, str): Integer to convert.
        binary (bool): If `True`, uses binary suffixes (KiB, MiB) with base
            2<sup>10</sup> instead of 10<sup>3</sup>.
        gnu (bool): If `True`, the binary argument is ignored and GNU-style
            (`ls -sh` style) prefixes are used (K, M) with the 2**10 definition.
        format (str): Custom formatter.
        max_unit (str): The largest unit to use, as this mode writes it without
            the space: one of `kB` to `YB`, `KiB` to `YiB` when `binary` is set,
            or `K` to `Y` when `gnu` is set. Larger sizes are written in this
            unit (`'5000.0 GB'`), which keeps a column of sizes comparable.
            By default every unit up to `YB` is used.

    Returns:
        str: Human readable representation of a filesize.

    Raises:
        ValueError: If `max_unit` is not one of this mode's units.
    """
    if gnu:
        suffix = suffixes["gnu"]
    elif binary:
        suffix = suffixes["binary"]
    else:
        suffix = suffixes["decimal"]

    if max_unit is not None:
        units = [s.strip() for s in suffix]
        if max_unit not in units:
            msg = f"max_unit must be one of {', '.join(units)}, not {max_unit!r}"
            raise ValueError(msg)
        suffix = suffix[: units.index(max_unit)]

    base = 1024 if (gnu or binary) else 1000
    bytes_ = float(value)
    abs_bytes = abs(bytes_)

    if abs_bytes == 1 and not gnu:
        return "%d Byte" % bytes_

    if abs_bytes < base and not gnu:
        return "%d Bytes" % bytes_

    if abs_bytes < base and gnu:
        return "%dB" % bytes_

    for i, s in enumerate(suffix):
        unit = base ** (i + 2)

        if abs_bytes < unit:
            break

    ret: str = format % (base * bytes_ / unit) + s
    return ret


def parse_size(value: str, binary: bool = False) -> int:
    """Parse a human readable filesize (e.g. 10 kB) back into a number of bytes.

    Reads what `naturalsize` writes in each of its modes, and sizes as people
    usually type them: the space before the unit is optional, units are not
    case-sensitive, and a bare number is a number of bytes.

    Examples:
        ```pycon
        >>> parse_size("3.0 MB")
        3000000
        >>> parse_size("2.9K")
        2970
        >>> parse_size("2 KiB")
        2048
        >>> parse_size("2 kb", binary=True)
        2048
        >>> parse_size("-1 Byte")
        -1

        ```

    Args:
        value (str): The size to parse.
        binary (bool): If `True`, decimal-looking units (kB, MB) are read with
            base 2<sup>10</sup> instead of 10<sup>3</sup>. Binary units (KiB,
            MiB) and GNU-style units (K, M) always use 2<sup>10</sup>.

    Returns:
        int: The number of bytes, rounded to the nearest byte.

    Raises:
        ValueError: If `value` is not a size.
    """
    match = _SIZE_RE.fullmatch(value)
    if match is None:
        msg = f"not a file size: {value!r}"
        raise ValueError(msg)
    number, unit = match.groups()
    unit = unit.lower()
    if unit in ("", "b", "byte", "bytes"):
        multiplier = 1
    else:
        prefix, rest = unit[0], unit[1:]
        power = "kmgtpezy".find(prefix) + 1
        if power == 0 or rest not in ("", "b", "ib"):
            msg = f"unknown file size unit {match.group(2)!r} in {value!r}"
            raise ValueError(msg)
        base = 1000 if rest == "b" and not binary else 1024
        multiplier = base**power
    return round(Fraction(number) * multiplier)
