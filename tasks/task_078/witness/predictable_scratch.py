"""Another local user who plants a symlink in the shared temp directory must not get the feed run to
write through it. Everything happens inside a folder of the workspace used as the temp directory."""

import os
import tempfile
from datetime import date

from pricefeed.run import run

ws = os.path.abspath(tempfile.mkdtemp(prefix="w-scratch-", dir="."))
shared_tmp = os.path.join(ws, "shared-tmp")
os.mkdir(shared_tmp)
tempfile.tempdir = shared_tmp  # stands for /tmp

victim = os.path.join(ws, "victim.txt")
with open(victim, "w", encoding="utf-8") as f:
    f.write("the other user's file\n")

# The name of tomorrow's scratch file is known in advance: plant a link there.
os.symlink(victim, os.path.join(shared_tmp, "pricefeed-acme-20240502.csv"))

out = os.path.join(ws, "out")
os.mkdir(out)
feed = os.path.join(ws, "feed.csv")
with open(feed, "w", encoding="utf-8") as f:
    f.write("SKU,Price\nAB-1,12.99\nAB-2,3.50\n")

run(feed, os.path.join(out, "acme.csv"), "acme", date(2024, 5, 2))

with open(victim, encoding="utf-8") as f:
    content = f.read()
assert content == "the other user's file\n", (
    f"the run wrote its scratch data through a symlink planted at the predictable scratch path: {content!r}"
)
print("ok")
