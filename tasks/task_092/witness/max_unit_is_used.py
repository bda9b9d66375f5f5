# max_unit names the largest unit naturalsize may use, so a size past it is written in that very
# unit ("5000.0 GB"). The PR slices the suffix table up to units.index(max_unit), which leaves
# max_unit itself out: sizes come out one unit smaller ("5000000.0 MB"), and with the first unit
# (kB, KiB, K) the table is empty and naturalsize raises instead of formatting.
import humanize


def size(*args, **kwargs):
    try:
        return humanize.naturalsize(*args, **kwargs)
    except Exception as exc:  # a crash is part of what this shows, reported as a failed assert
        return f"raised {exc!r}"


cases = [
    ((5 * 10**12,), {"max_unit": "GB"}, "5000.0 GB"),
    ((5 * 10**9,), {"max_unit": "GB"}, "5.0 GB"),
    ((3 * 10**28,), {"max_unit": "YB"}, "30000.0 YB"),
    ((5 * 2**40, True), {"max_unit": "GiB"}, "5120.0 GiB"),
    ((5 * 2**30, False, True), {"max_unit": "M"}, "5120.0M"),
    ((5_000_000,), {"max_unit": "kB"}, "5000.0 kB"),
    ((3000, True), {"max_unit": "KiB"}, "2.9 KiB"),
]
for args, kwargs, expected in cases:
    got = size(*args, **kwargs)
    assert got == expected, f"naturalsize{args} with {kwargs}: expected {expected!r}, got {got!r}"

# Below max_unit nothing changes.
assert humanize.naturalsize(3_000_000, max_unit="GB") == "3.0 MB"
assert humanize.naturalsize(300, max_unit="kB") == "300 Bytes"
