# `--lines START-END` is documented as 1-based and inclusive: lines 3-5 are three lines, 7-7 is one.
import contextlib
import io
import tempfile
from pathlib import Path

from jobctl import logs

root = Path(tempfile.mkdtemp())
(root / "build-42.log").write_text("".join(f"line {i}\n" for i in range(1, 11)))


def run(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert logs.main(["build-42", "--root", str(root), *args]) == 0
    return out.getvalue().splitlines()


got = run("--lines", "3-5")
assert got == ["line 3", "line 4", "line 5"], f"--lines 3-5 printed {got}"
got = run("--lines", "7-7")
assert got == ["line 7"], f"--lines 7-7 printed {got}"
got = run("--lines", "9-", "-n")
assert got == ["     9  line 9", "    10  line 10"], f"--lines 9- printed {got}"
