# Clean PR: the hostname helpers are correct. This checks hostname_matches against a plain model
# (compare label lists; a wildcard is one whole first label) over many generated hosts and patterns,
# and drives each spot a reviewer might suspect with the input that would break it:
# - the endswith() suffix test with look-alike hosts ("evilexample.com", "example.com.evil.net");
# - the host[: -len(name) - 1] slice with zero, one and two extra labels;
# - the "*.com" guard, trailing dots (one allowed, two refused), IP literals in any spelling;
# - invalid hosts match nothing, invalid patterns raise. It also runs the PR's own tests.
import ipaddress
import random
import unittest

import idna
from idna import IDNAError, hostname_matches, hostname_to_ascii, hostname_to_unicode

rng = random.Random(59)

# --- look-alike hosts never match a wildcard or an exact name -----------------------------------------
for host in ["evilexample.com", "wwwexample.com", "example.com.evil.net", "www.example.com.evil.net",
             "www.example.co", "www.example.comm", "www-example.com", "xexample.com", "example.com",
             "a.b.example.com", "a.b.c.example.com", "www.example.com..", ".www.example.com", "www..example.com"]:
    assert not hostname_matches("*.example.com", host), host
for host in ["www.example.com", "WWW.EXAMPLE.COM.", "x.example.com", "xn--bcher-kva.example.com",
             "b\u00fccher.Example.com", "\uff57\uff57\uff57\uff0eexample\u3002com", "1.example.com", "a-b.example.com"]:
    assert hostname_matches("*.example.com", host), host
assert hostname_matches("example.com", "example.com.") and not hostname_matches("example.com", "example.com..")
assert not hostname_matches("example.com", "www.example.com") and not hostname_matches("www.example.com", "example.com")

# --- the "*.com" guard, and what a pattern must be ---------------------------------------------------------
for pattern in ["*.com", "*.com.", "*.", "*", "**.example.com", "w*.example.com", "*w.example.com",
                "www.*.example.com", "*.*.example.com", "", ".", "*..example.com", "*.exa_mple.com"]:
    try:
        hostname_matches(pattern, "www.example.com")
    except IDNAError:
        pass
    else:
        raise AssertionError(f"pattern {pattern!r} was accepted")
assert hostname_matches("*.co.uk", "example.co.uk"), "two labels after the wildcard are enough"

# --- IP literals -------------------------------------------------------------------------------------------
for host in ["192.0.2.1", "192.0.2.1.", "\uff11\uff19\uff12.0.2.1", "[192.0.2.1]"]:
    assert hostname_to_ascii(host) == "192.0.2.1", host
    assert hostname_matches("192.0.2.1", host), host
    assert not hostname_matches("*.0.2.1", host), f"a wildcard matched the IP address {host!r}"
for host in ["::1", "[::1]", "0:0:0:0:0:0:0:1", "[0000::0001]"]:
    assert hostname_to_ascii(host) == "::1" and hostname_matches("[::1]", host), host
    assert hostname_to_unicode(host) == "::1"
assert hostname_to_ascii("[2001:DB8::0:1]") == "2001:db8::1"
assert not hostname_matches("::1", "::2") and not hostname_matches("192.0.2.1", "192.0.2.10")

# --- canonical form ----------------------------------------------------------------------------------------
same = ["xn--bcher-kva.example", "B\u00fccher.Example.", "XN--BCHER-KVA.EXAMPLE.", "bu\u0308cher.example",
        "\uff22\u00fccher\uff0eexample"]
assert {hostname_to_ascii(h) for h in same} == {"xn--bcher-kva.example"}
assert {hostname_to_unicode(h) for h in same} == {"b\u00fccher.example"}
for bad in ["", ".", "..", "example.com..", "a..b", "-a.example", "a-.example", "a_b.example", "a b.example",
            "example.com:443", "*.example.com", "a" * 64 + ".example", ".".join(["a" * 63] * 4) + ".b"]:
    try:
        hostname_to_ascii(bad)
    except IDNAError:
        pass
    else:
        raise AssertionError(f"{bad!r} was accepted as a hostname")
    assert not hostname_matches("*.example.com", bad) and not hostname_matches("example.com", bad), bad

# --- against a model, over generated names -------------------------------------------------------------------
LABELS = ["a", "b", "ab", "www", "example", "com", "xn--bcher-kva", "b\u00fccher", "B\u00dcCHER", "1", "2", "a-b", "co"]


def model(pattern_labels, host_labels):
    canon = lambda labels: [hostname_to_ascii(label) for label in labels]
    host = canon(host_labels)
    if pattern_labels[0] == "*":
        rest = canon(pattern_labels[1:])
        try:
            ipaddress.ip_address(".".join(host))
            return False  # a wildcard never matches an IP address
        except ValueError:
            return len(host) == len(rest) + 1 and host[1:] == rest
    return host == canon(pattern_labels)


checked = 0
for _ in range(4000):
    host_labels = [rng.choice(LABELS) for _ in range(rng.randint(1, 4))]
    pattern_labels = [rng.choice(LABELS) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.6:
        pattern_labels = ["*"] + pattern_labels
    if rng.random() < 0.3:  # make a near miss likelier: share the host's tail
        pattern_labels = ["*"] + host_labels[rng.randint(0, len(host_labels) - 1):]
    pattern = ".".join(pattern_labels) + rng.choice(["", "."])
    host = ".".join(host_labels) + rng.choice(["", "."])
    if pattern_labels[0] == "*" and len(pattern_labels) < 3:
        try:
            hostname_matches(pattern, host)
        except IDNAError:
            continue
        raise AssertionError(f"{pattern!r} was accepted")
    assert hostname_matches(pattern, host) == model(pattern_labels, host_labels), (pattern, host)
    checked += 1
assert checked > 1500, checked

# --- the README's examples and the package exports -------------------------------------------------------------
assert idna.hostname_to_ascii("Bücher.Example.") == "xn--bcher-kva.example"
assert idna.hostname_to_unicode("XN--BCHER-KVA.example") == "bücher.example"
assert idna.hostname_matches("*.bücher.example", "WWW.xn--bcher-kva.example")
assert {"hostname_matches", "hostname_to_ascii", "hostname_to_unicode"} <= set(idna.__all__)
assert idna.encode("Königsgäßchen", uts46=True) == b"xn--knigsgchen-b4a3dun", "encode is unchanged"

# --- the PR's tests ------------------------------------------------------------------------------------------
suite = unittest.defaultTestLoader.loadTestsFromName("tests.test_idna_hostname")
result = unittest.TextTestRunner(stream=open("/dev/null", "w"), verbosity=0).run(suite)
assert result.wasSuccessful() and result.testsRun == 9, (result.failures, result.errors)
print("ok", checked)
