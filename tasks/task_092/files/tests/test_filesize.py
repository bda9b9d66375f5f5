#!/usr/bin/env python

"""Tests for filesize humanizing."""
from __future__ import annotations

import pytest

import humanize


@pytest.mark.parametrize(
    "test_args, expected",
    [
        ([300], "300 Bytes"),
        ([3000], "3.0 kB"),
        ([3000000], "3.0 MB"),
        ([3000000000], "3.0 GB"),
        ([3000000000000], "3.0 TB"),
        ([300, True], "300 Bytes"),
        ([3000, True], "2.9 KiB"),
        ([3000000, True], "2.9 MiB"),
        ([300, False, True], "300B"),
        ([3000, False, True], "2.9K"),
        ([3000000, False, True], "2.9M"),
        ([1024, False, True], "1.0K"),
        ([10**26 * 30, False, True], "2481.5Y"),
        ([10**26 * 30, True], "2481.5 YiB"),
        ([10**26 * 30], "3000.0 YB"),
        ([1, False, False], "1 Byte"),
        ([3141592, False, False, "%.2f"], "3.14 MB"),
        ([3000, False, True, "%.3f"], "2.930K"),
        ([3000000000, False, True, "%.0f"], "3G"),
        ([10**26 * 30, True, False, "%.3f"], "2481.542 YiB"),
    ],
)
def test_naturalsize(test_args: list[int] | list[int | bool], expected: str) -> None:
    assert humanize.naturalsize(*test_args) == expected

    args_with_negative = test_args
    args_with_negative[0] *= -1
    assert humanize.naturalsize(*args_with_negative) == "-" + expected


@pytest.mark.parametrize(
    "test_args, test_kwargs, expected",
    [
        ([300], {"max_unit": "MB"}, "300 Bytes"),
        ([3000], {"max_unit": "GB"}, "3.0 kB"),
        ([3000000], {"max_unit": "GB"}, "3.0 MB"),
        ([3000, True], {"max_unit": "MiB"}, "2.9 KiB"),
        ([3000, False, True], {"max_unit": "M"}, "2.9K"),
        ([3000000, False, True, "%.3f"], {"max_unit": "G"}, "2.861M"),
    ],
)
def test_naturalsize_max_unit(
    test_args: list[int | bool | str], test_kwargs: dict[str, str], expected: str
) -> None:
    assert humanize.naturalsize(*test_args, **test_kwargs) == expected
    assert humanize.naturalsize(-test_args[0], *test_args[1:], **test_kwargs) == (
        "-" + expected
    )


@pytest.mark.parametrize(
    "test_args, max_unit",
    [
        ([3000], "KB"),
        ([3000], "KiB"),
        ([3000, True], "kB"),
        ([3000, False, True], "KB"),
        ([3000, False, True], "K "),
        ([3000], "B"),
    ],
)
def test_naturalsize_max_unit_unknown(
    test_args: list[int | bool], max_unit: str
) -> None:
    with pytest.raises(ValueError, match="max_unit must be one of"):
        humanize.naturalsize(*test_args, max_unit=max_unit)


@pytest.mark.parametrize(
    "test_args, expected",
    [
        (["300"], 300),
        (["300 Bytes"], 300),
        (["1 Byte"], 1),
        (["0 B"], 0),
        (["3.0 kB"], 3000),
        (["3.0 MB"], 3000000),
        (["3 gb"], 3000000000),
        (["3.14 MB"], 3140000),
        (["2.9 KiB"], 2970),
        (["2.9 MiB"], 3040870),
        (["2.9K"], 2970),
        (["1.0K"], 1024),
        (["3G"], 3221225472),
        (["2 kB", True], 2048),
        (["2 KiB", False], 2048),
        (["  1.5 GiB "], 1610612736),
        ([".5 kB"], 500),
        (["-4.0 KiB"], -4096),
        (["+2 MB"], 2000000),
        (["3000.0 YB"], 3 * 10**27),
    ],
)
def test_parse_size(test_args: list[str | bool], expected: int) -> None:
    assert humanize.parse_size(*test_args) == expected


@pytest.mark.parametrize("value", [3000, 3141592, 10**12, 123456789, 10**26 * 30])
@pytest.mark.parametrize("binary, gnu", [(False, False), (True, False), (False, True)])
def test_parse_size_reads_naturalsize(value: int, binary: bool, gnu: bool) -> None:
    text = humanize.naturalsize(value, binary, gnu, "%.6f")
    assert humanize.parse_size(text, binary=binary) == pytest.approx(value, rel=1e-6)


@pytest.mark.parametrize(
    "value", ["", "MB", "1.2.3 MB", "1 XB", "1 kBB", "1 KiBi", "1,000 kB", "one kB", "nan"]
)
def test_parse_size_invalid(value: str) -> None:
    with pytest.raises(ValueError):
        humanize.parse_size(value)
