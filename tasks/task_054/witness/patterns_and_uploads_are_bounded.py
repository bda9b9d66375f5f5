# Clean PR: sender patterns and rule uploads cannot be made to cost more than their size.
# - _PATTERN_RE nests quantifiers ((?:\.atom)*, (?:\.label)+), but every repetition starts with a
#   separator ('.') that the repeated class cannot contain, so there is one way to split any input:
#   no catastrophic backtracking, and patterns are at most 254 characters before the regex runs.
# - compile_pattern builds regexes from user text, but literals go through re.escape and each `*` is
#   a class that excludes the separator after it ([^@]+ before '@', [^.@]+ before '.'), so matching is
#   linear too; addresses over 254 characters are not matched at all.
# - a gzip upload is inflated with decompressobj().decompress(body, MAX_CSV_BYTES + 1): at most 256 KiB
#   of output whatever the ratio, and the body itself is capped at 1 MiB by http.read_body.
import gzip
import importlib.util
import io
import random
import string
import time
import tracemalloc
import unittest
import zlib

from helpdesk import patterns
from helpdesk.admin import RoutingAdmin
from helpdesk.http import MAX_BODY, PayloadTooLarge, Principal, Request, read_body
from helpdesk.patterns import MAX_ADDRESS, PatternError, compile_pattern, parse_pattern
from helpdesk.routing import Router, Rule
from helpdesk.rules_import import MAX_CSV_BYTES, MAX_RULES, RulesImportError, decode_upload, parse_rules

rng = random.Random(54)
ADMIN = Principal("u1", frozenset({"routing.admin"}))

# 1. Hostile pattern text: every input is decided quickly. A backtracking blow-up on inputs this long
#    would take hours, so a 5 s budget for all of them leaves a margin of several orders of magnitude.
hostile = []
for n in (30, 60, 120, 250):
    hostile += [
        "a" * n + "!", "a." * (n // 2) + "!", "a" * n + "@", "*@" + "a" * n + "!", "*@" + "a." * (n // 2),
        "*@" + "a-" * (n // 2) + "!", "*@" + ("a" * 62 + ".") * (n // 63) + "-", "x@" + "*." * (n // 2) + "!",
        "!" * n, "a@" + "a" * 61 + "-" + "." * n, "*@" + "a" + "-" * n + "a.b!", ("a." * n)[:n] + "@x.y!",
    ]
hostile += ["".join(rng.choice("a.-*@!") for _ in range(rng.randrange(1, 255))) for _ in range(3000)]
start = time.perf_counter()
for text in hostile:
    try:
        parse_pattern(text)
    except PatternError:
        pass
spent = time.perf_counter() - start
assert spent < 5.0, f"{len(hostile)} hostile patterns took {spent:.1f} s"
try:
    parse_pattern("a" * 10_000)
except PatternError as exc:
    assert "at most" in str(exc)
else:
    raise AssertionError("a 10 000 character pattern was accepted")

# 2. Matching: the same result as a plain label-by-label reference, and quick on hostile addresses.
def reference(pattern, address):
    address = address.strip().lower()
    if len(address) > MAX_ADDRESS or address.count("@") != 1:
        return False
    p_local, p_domain = pattern.split("@")
    a_local, a_domain = address.split("@")
    if not a_local or (p_local != "*" and p_local != a_local):
        return False
    p_labels, a_labels = p_domain.split("."), a_domain.split(".")
    return len(p_labels) == len(a_labels) and all(
        (p == "*" and a != "") or p == a for p, a in zip(p_labels, a_labels)
    )


pattern_pool = ["*@*.example.com", "*@example.com", "ann@example.com", "*@*.*.example.com", "*@*.co.uk",
                "help.desk+eu@eu.example.com", "*@a-b.example", "*@*.a-b.example", "o'neil@x.example"]
for pattern in pattern_pool:
    assert parse_pattern(pattern) == pattern, pattern
alphabet = ["a", "b", "eu", "example", "com", "co", "uk", "a-b", "ann", "help.desk+eu", "o'neil", "x", ""]
addresses = ["ANN@Example.com ", "a@@example.com", "@example.com", "ann@", "ann@example.com.", "ann@.example.com"]
for _ in range(4000):
    local = rng.choice(alphabet + ["*", "a b", "é"])
    labels = [rng.choice(alphabet + ["é", "a_b"]) for _ in range(rng.randrange(1, 5))]
    addresses.append(local + "@" + ".".join(labels))
for pattern in pattern_pool:
    rule = Rule("t", pattern)
    for address in addresses:
        assert rule.matches(address.strip().lower()) == reference(pattern, address), (pattern, address)
router = Router([Rule("t", p) for p in pattern_pool], "triage")
for address in addresses:
    want = next((p for p in pattern_pool if reference(p, address)), None)
    got = router.match(address)
    assert (got.sender if got else None) == want, (address, want, got)

slow_addresses = ["a" * 250 + "@x", "a@" + "a" * 250, "a@" + "a." * 125, "a@" + ".a" * 125, "@" * 254,
                  "a" * 120 + "@" + "a" * 120 + ".example.co", ("a@" * 127)[:254], "a" * 300 + "@example.com"]
wild = [Rule("t", "*@*.*.*.*.example.com"), Rule("t", "*@*.a.*.a.*.a"), Rule("t", "*@*.*.*.*.*.*.*.*.*.a")]
start = time.perf_counter()
for _ in range(200):
    for rule in wild:
        for address in slow_addresses:
            rule.matches(address)
spent = time.perf_counter() - start
assert spent < 5.0, f"matching hostile addresses took {spent:.1f} s"
assert router.match("a" * 250 + "@example.com") is None and Router([Rule("t", "*@example.com")], "d").route(
    "a" * 242 + "@example.com") == "t"

# 3. Upload sizes: a compression bomb costs at most MAX_CSV_BYTES of output, truncated or
#    concatenated gzip is refused, and the limits hold exactly at the boundary.
packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
zeros = bytes(1 << 20)
bomb = b"".join(packer.compress(zeros) for _ in range(100)) + packer.flush()  # 100 MiB inflated
assert len(bomb) < MAX_BODY, len(bomb)
tracemalloc.start()
try:
    decode_upload(bomb, "gzip")
except RulesImportError as exc:
    assert "larger than" in str(exc), exc
else:
    raise AssertionError("a 100 MiB upload was accepted")
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
assert peak < 4 * MAX_CSV_BYTES, f"inflating the bomb peaked at {peak} bytes"


def exactly(size):
    head = b"sender,team\n*@acme.com,acme\n"
    return head + b"\n" * (size - len(head))


assert len(parse_rules(decode_upload(exactly(MAX_CSV_BYTES), None))) == 1
assert len(parse_rules(decode_upload(gzip.compress(exactly(MAX_CSV_BYTES)), "gzip"))) == 1
for body, encoding in [(exactly(MAX_CSV_BYTES + 1), None), (gzip.compress(exactly(MAX_CSV_BYTES + 1)), "gzip"),
                       (gzip.compress(exactly(100)) + gzip.compress(b"x"), "gzip"),
                       (gzip.compress(exactly(100))[:-1], "gzip"), (gzip.compress(exactly(100))[:20], "gzip"),
                       (b"not gzip at all", "gzip"), (gzip.compress(exactly(100)) + b"junk", "gzip")]:
    try:
        decode_upload(body, encoding)
    except RulesImportError:
        pass
    else:
        raise AssertionError(f"accepted {len(body)} bytes ({encoding})")
assert decode_upload(gzip.compress(exactly(100)), " GZIP ") == exactly(100).decode()

rows = [f"*@d{n}.example,team-{n % 9}" for n in range(MAX_RULES + 1)]
assert len(parse_rules("sender,team\n" + "\n".join(rows[:MAX_RULES]))) == MAX_RULES
try:
    parse_rules("sender,team\n" + "\n".join(rows))
except RulesImportError as exc:
    assert f"line {MAX_RULES + 2}" in str(exc), exc
else:
    raise AssertionError("more than MAX_RULES rules were accepted")

stream = io.BytesIO(b"x" * (MAX_BODY + 10))
for length in (str(MAX_BODY + 1), "9" * 5000, "-1", "1e3", "\u0663"):
    try:
        read_body(stream, {"content-length": length})
    except PayloadTooLarge:
        pass
    else:
        raise AssertionError(f"Content-Length {length[:20]!r} was read")
assert len(read_body(stream, {"content-length": str(MAX_BODY)})) == MAX_BODY

# 4. Whatever the upload, the endpoint answers 200 or 400, and a refused upload changes nothing.
router = Router([Rule("keep", "*@keep.example")], "triage")
admin = RoutingAdmin(router)
pieces = [b"sender,team\n", b"*@acme.com,acme\n", b",", b"\n", b"\r\n", b'"', b"\x00", b"\xff", b"a" * 200_000,
          b"*@*.example.com", b"team-1", b"@", b".", b"*", b" ", b",,,,,,", b"\xef\xbb\xbf", "é".encode()]
for _ in range(1500):
    body = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
    encoding = rng.choice([None, None, "gzip"])
    sent = gzip.compress(body) if encoding and rng.random() < 0.8 else body
    before = router.rules
    response = admin.handle(Request("PUT", "/admin/routing-rules", headers={"content-encoding": encoding} if encoding else {},
                                    body=sent, principal=ADMIN))
    assert response.status in (200, 400), (body[:60], response.status)
    if response.status == 400:
        assert router.rules == before
    else:
        assert router.rules and all(isinstance(r, Rule) for r in router.rules)
    router.replace_all([Rule("keep", "*@keep.example")])
huge = Request("GET", "/admin/routing-rules/match", query={"sender": "a@" + "b." * 50_000 + "c"}, principal=ADMIN)
assert admin.handle(huge).json() == {"team": "triage", "rule": None}
assert admin.handle(Request("PUT", "/admin/routing-rules", body=b"sender,team\n*@a.b,x\n")).status == 401

# 5. The PR's own tests pass.
spec = importlib.util.spec_from_file_location("test_routing_rules", "tests/test_routing_rules.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
result = unittest.TextTestRunner(verbosity=0).run(unittest.defaultTestLoader.loadTestsFromModule(module))
assert result.wasSuccessful() and result.testsRun == 7, result
print("ok")
