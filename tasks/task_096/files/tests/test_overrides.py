import datetime

import pytest

from confkit.overrides import OverrideError, parse_override


@pytest.mark.parametrize(
    "item, expected",
    [
        ("database.port=5433", (("database", "port"), 5433)),
        ("debug = true", (("debug",), True)),
        ('hosts=["a", "b"]', (("hosts",), ["a", "b"])),
        ('name="api server"', (("name",), "api server")),
        ("log.level=debug", (("log", "level"), "debug")),
        ('"feature.flags".beta=on', (("feature.flags", "beta"), "on")),
        ("release=2024-03-01", (("release",), datetime.date(2024, 3, 1))),
        ("ratio=0.25", (("ratio",), 0.25)),
        ("empty=", (("empty",), "")),
    ],
)
def test_parse_override(item, expected):
    assert parse_override(item) == expected


@pytest.mark.parametrize("item", ["no-equals-sign", "=5", "a..b=1", "a=1\nb=2"])
def test_invalid_overrides(item):
    with pytest.raises(OverrideError):
        parse_override(item)
