# The PR's suspicious spots are correct: the modulo and its bias, the exposure and variant bounds,
# weight-0 and last variants, the sticky INSERT OR IGNORE under concurrency, salts, and the
# exposure conversion.
import json
import os
import tempfile
import threading
from collections import Counter
from itertools import product

import exp.assign as assign_mod
from exp.assign import BUCKETS, Assigner, bucket, choose_variant, upper_bounds
from exp.config import ConfigError, Experiment, load_experiments
from exp.store import AssignmentStore

# 1. bucket(): always 0..9999, bias negligible, independent between experiments sharing a salt.
assert 2**64 % BUCKETS == 1616 and (2**64 // BUCKETS + 1) / (2**64 // BUCKETS) - 1 < 1e-15
a = Experiment("alpha", (("x", 1), ("y", 1)), salt="shared")
b = Experiment("beta", (("x", 1), ("y", 1)), salt="shared")
values = [bucket("exposure", a, str(u)) for u in range(20_000)]
assert min(values) >= 0 and max(values) < BUCKETS, (min(values), max(values))
same = sum(bucket("exposure", a, str(u)) == bucket("exposure", b, str(u)) for u in range(20_000))
assert same < 20, f"{same} users share a bucket across experiments"

# 2. Exposure: exactly the users whose exposure bucket is below exposure_bp are in.
for bp in (0, 1, 1250, 9999, 10_000):
    e = Experiment("ranker", (("a", 1), ("b", 1)), exposure_bp=bp, salt="s")
    for u in map(str, range(3000)):
        exposed = choose_variant(e, u) is not None
        assert exposed == (bucket("exposure", e, u) < bp), (bp, u)
everyone = Experiment("ranker", (("a", 1),) * 1 + (("b", 1),), exposure_bp=10_000, salt="s")
assert all(choose_variant(everyone, str(u)) is not None for u in range(3000)), "100 % must include everybody"

# 3. Variant bounds: every bucket maps to a variant, shares are within one bucket of the weights,
#    and weight-0 variants (first, middle or last) get nothing.
for weights in [(1, 1, 1), (3, 1, 0), (0, 2), (1, 0, 0), (7, 11, 13), (1000, 1), (1, 999, 0, 1), (0, 0, 5)]:
    variants = tuple((f"v{i}", w) for i, w in enumerate(weights))
    bounds = upper_bounds(variants)
    assert bounds[-1][1] == BUCKETS and all(x[1] <= y[1] for x, y in zip(bounds, bounds[1:])), bounds
    e = Experiment("ranker", variants, salt="s")
    saved = assign_mod.bucket
    try:
        counts = Counter()
        for point in range(BUCKETS):
            assign_mod.bucket = lambda purpose, experiment, unit, p=point: 0 if purpose == "exposure" else p
            counts[choose_variant(e, "u")] += 1
    finally:
        assign_mod.bucket = saved
    assert sum(counts.values()) == BUCKETS and None not in counts, counts
    total = sum(weights)
    for (name, w) in variants:
        assert abs(counts[name] - w * BUCKETS / total) < 1, (weights, name, counts[name])
        assert w > 0 or counts[name] == 0, (weights, name)

# 4. Sticky assignments: two stores on one file (two processes) racing for the same users agree;
#    lowering exposure or weights keeps everybody; a new salt starts over.
tmp = tempfile.mkdtemp()
db_path = os.path.join(tmp, "a.db")
stores = [AssignmentStore(db_path) for _ in range(4)]
results, start = {}, threading.Barrier(4)


def race(i):
    start.wait()
    results[i] = [stores[i].assign("ranker", "s", str(u), f"v{i}") for u in range(150)]


threads = [threading.Thread(target=race, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for u in range(150):
    answers = {results[i][u] for i in range(4)}
    assert len(answers) == 1 and answers == {stores[0].get("ranker", "s", str(u))}, (u, answers)

before = Experiment("checkout", (("blue", 1), ("green", 1)), salt="s1")
after = Experiment("checkout", (("blue", 1), ("green", 0)), exposure_bp=0, salt="s1")
first = {u: Assigner({"checkout": before}, stores[0]).variant("checkout", u) for u in range(300)}
assert set(first.values()) == {"blue", "green"}
later = Assigner({"checkout": after}, stores[1])
assert all(later.variant("checkout", u) == first[u] for u in range(300)), "sticky users must keep their variant"
assert later.variant("checkout", "new-user") is None
resalted = Experiment("checkout", (("blue", 1), ("green", 0)), salt="s2")
assert {Assigner({"checkout": resalted}, stores[2]).variant("checkout", u) for u in range(300)} == {"blue"}
removed = Experiment("checkout", (("blue", 1), ("red", 1)), salt="s1")
moved = Assigner({"checkout": removed}, stores[3])
for u in range(300):
    v = moved.variant("checkout", u)
    assert v == ("blue" if first[u] == "blue" else v) and v in {"blue", "red"}, (u, first[u], v)
    assert stores[0].get("checkout", "s1", str(u)) == v
for s in stores:
    s.close()

# 5. Exposure percentages are read as written; NaN and extra decimals are refused.
path = os.path.join(tmp, "experiments.json")
for value, bp in ((12.5, 1250), (0.1, 10), (0.29, 29), (33.33, 3333), (100, 10_000), (0, 0), (57.01, 5701)):
    with open(path, "w") as fh:
        json.dump({"x": {"variants": ["a", "b"], "exposure": value}}, fh)
    assert load_experiments(path)["x"].exposure_bp == bp, (value, load_experiments(path)["x"].exposure_bp)
for text in ('NaN', 'Infinity', '-0.01', '100.001', '12.345', '1e-5', 'true', '"5"'):
    with open(path, "w") as fh:
        fh.write('{"x": {"variants": ["a", "b"], "exposure": %s}}' % text)
    try:
        load_experiments(path)
    except ConfigError:
        pass
    else:
        raise AssertionError(f"exposure {text} was accepted")
print("ok")
