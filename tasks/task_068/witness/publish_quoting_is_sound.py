# Clean PR: `relkit publish` passes user input to git, ssh and the remote shell without injection.
# - git: a ref starting with '-' is refused before git runs (no option injection such as --output=...),
#   anything else goes to `rev-parse --verify` as one argv word, and the archive uses the resolved commit id;
# - ssh: the host is validated ([user@]host, never starting with '-'), every value is its own argv word;
# - the remote shell: ssh hands the command to the remote shell as one string, and every step is quoted
#   with shlex.join, so a releases directory full of quotes, $(...), backticks and ';' is just a name.
# A fake `ssh` on PATH plays the server: it runs the command string with `sh -c`, as sshd would.
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

from relkit import cli, git, remote
from relkit.proc import ToolError

tmp = Path(tempfile.mkdtemp(prefix="relkit-witness-"))
repo = tmp / "shop"
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(repo)]
subprocess.run(["git", "init", "-q", str(repo)], check=True)
subprocess.run(GIT[:-2] + ["-C", str(repo), "checkout", "-q", "-b", "main"], check=True)


def commit(text):
    (repo / "app.py").write_text(text)
    subprocess.run(GIT + ["add", "app.py"], check=True)
    subprocess.run(GIT + ["commit", "-qm", text], check=True)
    return git.head_commit(repo)


first = commit("print('v1')\n")

# A fake ssh: records its argv, refuses a host that is an option, runs the command with sh -c on stdin.
bindir = tmp / "bin"
bindir.mkdir()
log = tmp / "ssh-calls.jsonl"
(bindir / "ssh").write_text(f"""#!{sys.executable}
import json, subprocess, sys
args = sys.argv[1:]
with open({str(log)!r}, "a") as out:
    out.write(json.dumps(args) + "\\n")
i = 0
while args[i].startswith("-"):
    i += 2 if args[i] in ("-p", "-o") else 1
host, command = args[i], args[i + 1:]
assert not host.startswith("-") and len(command) == 1, args
sys.exit(subprocess.run(["sh", "-c", command[0]]).returncode)
""")
(bindir / "ssh").chmod(0o755)
os.environ["PATH"] = f"{bindir}{os.pathsep}{os.environ['PATH']}"

markers = [tmp / f"pwned{n}" for n in range(4)]
nasty = tmp / f"it's $(touch {markers[0]}) `touch {markers[1]}` ; touch {markers[2]} # \"x\" \\ releases"


clock = [1_750_000_000]
real_gmtime = time.gmtime


def relkit(*args, tick=1):
    """Run the CLI; each run is `tick` seconds after the previous one (release names carry the time)."""
    clock[0] += tick
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), mock.patch.object(time, "gmtime", lambda: real_gmtime(clock[0])):
        status = cli.main(["-C", str(repo), *args])
    return status, out.getvalue(), err.getvalue()


status, out, err = relkit("publish", "main", f"deploy@web-1:{nasty}", "-o", "ConnectTimeout=5")
assert status == 0, (out, err)
current = nasty / "current"
assert current.is_symlink() and (current / "app.py").read_text() == "print('v1')\n", list(nasty.iterdir())
assert os.readlink(current).startswith(str(nasty) + "/shop-") and first[:12] in os.readlink(current)
assert not any(m.exists() for m in markers), "the remote command ran part of the directory name"

second = commit("print('v2')\n")
(repo / "app.py").write_text("print('uncommitted')\n")
status, out, err = relkit("publish", "HEAD", f"web-1:{nasty}")
assert status == 0 and second[:12] in os.readlink(current), (out, err)
assert (current / "app.py").read_text() == "print('v2')\n", "only committed files are published"
status, out, err = relkit("publish", first[:7], f"web-1:{nasty}")
assert status == 0 and first[:12] in os.readlink(current), (out, err)
assert (current / "app.py").read_text() == "print('v1')\n"
# The same release name twice (same commit, same second) fails loudly instead of unpacking over it.
status, out, err = relkit("publish", "main~1", f"web-1:{nasty}", tick=0)
assert status == 1 and "File exists" in err and first[:12] in os.readlink(current), (status, out, err)
releases = sorted(p.name for p in nasty.iterdir())
assert len(releases) == 4 and releases[0] == "current" and all(r.startswith("shop-") for r in releases[1:]), releases

# Every argv word arrived as one word; the host is never an option.
calls = [json.loads(line) for line in log.read_text().splitlines()]
assert len(calls) == 4 and all(call[:4] == ["-p", "22", "-o", "BatchMode=yes"] for call in calls), calls
assert calls[0][4:6] == ["-o", "ConnectTimeout=5"] and calls[0][6] == "deploy@web-1"

# Refused before anything runs: hosts that are ssh options, refs that are git options, odd release names.
for target in (f"-oProxyCommand=touch {markers[3]}:/srv", f"web;touch {markers[3]}:/srv", "web 1:/srv", "web:srv"):
    status, out, err = relkit("publish", "--", "main", target)
    assert status == 1 and "relkit:" in err, (target, status, out, err)
for ref in (f"--output={markers[3]}", "-h", "--all", "", "no-such-ref"):
    status, out, err = relkit("publish", "--", ref, f"web-1:{tmp}/other")  # after --, argparse passes it on
    assert status == 1, (ref, status, out, err)
for name in (f"x;touch {markers[3]}", "../up", "-rf"):
    status, out, err = relkit("publish", f"--name={name}", "main", f"web-1:{tmp}/other")
    assert status == 1, (name, status, out, err)
assert not markers[3].exists() and not (tmp / "other").exists()
assert len(log.read_text().splitlines()) == 4, "a refused publish still ran ssh"

# The dry run prints a command that a shell splits back into the same words, and runs nothing.
status, out, err = relkit("publish", "--dry-run", "main", f"web-1:{nasty}")
assert status == 0, err
printed = shlex.split(out.splitlines()[-1])
words = shlex.split(printed[-1])
assert printed[:6] == ["ssh", "-p", "22", "-o", "BatchMode=yes", "web-1"] and len(printed) == 7, printed
assert words[:4] == ["mkdir", "-p", "--", str(nasty)] and words.count("&&") == 4, words
assert len(log.read_text().splitlines()) == 4
assert not any(m.exists() for m in markers)
print("ok")
