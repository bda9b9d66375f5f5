# The tool is run as `python -m tools.csvsplit` from scripts: a failure must give a non-zero exit status.
import subprocess
import sys
import tempfile
from pathlib import Path

root = Path(tempfile.mkdtemp())
missing = subprocess.run(
    [sys.executable, "-m", "tools.csvsplit", str(root / "no-such-file.csv"), "--out-dir", str(root / "out")],
    capture_output=True,
    text=True,
    timeout=20,
)
assert "no such file" in missing.stderr, missing.stderr
assert missing.returncode != 0, "csvsplit exited 0 although its input does not exist"

source = root / "ok.csv"
source.write_text("id\n1\n2\n")
ok = subprocess.run(
    [sys.executable, "-m", "tools.csvsplit", str(source), "--out-dir", str(root / "out")],
    capture_output=True,
    text=True,
    timeout=20,
)
assert ok.returncode == 0, ok.stderr
