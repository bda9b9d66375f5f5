# A pinned pre-release that lies inside the declared range must not be a "conflict": with
# allow_prereleases it is accepted, without it it is only a "prerelease" warning (exit 0).
import os

from depcheck.cli import read_requirements
from depcheck.lockfile import read_pins
from depcheck.rules import check, exit_code

requirements = read_requirements("attrs>=24.2\nrequests\nurllib3>=2,<3\nidna<3.10\n")
pins = read_pins("attrs==25.1.0rc1\nrequests==2.33.0.dev1\nurllib3==2.3.0\nidna==3.10rc1\n")

allowed = [(f.name, f.kind) for f in check(requirements, pins, allow_prereleases=True)]
# idna 3.10rc1 is really outside <3.10 (PEP 440: <V excludes pre-releases of V), so it stays a conflict.
assert allowed == [("idna", "conflict")], (
    f"with allow_prereleases=True, pre-release pins inside their ranges were reported: {allowed}"
)

warned = check(requirements, pins)
kinds = [(f.name, f.kind) for f in warned]
assert kinds == [("attrs", "prerelease"), ("requests", "prerelease"), ("idna", "conflict")], (
    f"pre-release pins inside their ranges should be warnings, got {kinds}"
)

only_pre = check(read_requirements("attrs>=24.2\n"), read_pins("attrs==25.1.0rc1\n"))
assert exit_code(only_pre) == 0, "a pinned release candidate inside the range fails the check (exit 1)"

# The PR's own tests still pass.
import unittest

result = unittest.TextTestRunner(stream=open(os.devnull, "w")).run(
    unittest.defaultTestLoader.loadTestsFromName("tests.test_depcheck")
)
assert result.wasSuccessful(), result.failures + result.errors
