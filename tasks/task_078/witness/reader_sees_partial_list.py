"""The pricing service must only ever load the old list or the new one, never a partial file.

Its PriceList.refresh() (pricefeed/loader.py) runs every few seconds while a feed is published. Rather
than racing a thread, this calls it at each point where publishing hands file data to the OS (sendfile,
copyfileobj, rename/replace), so the check is deterministic."""

import os
import shutil
import tempfile
from datetime import date

from pricefeed.loader import PriceList
from pricefeed.run import run

ws = os.path.abspath(tempfile.mkdtemp(prefix="w-publish-", dir="."))
dest = os.path.join(ws, "acme.csv")
with open(dest, "w", encoding="utf-8") as f:
    f.write("sku,price_cents,currency\n" + "".join(f"AB-{n},500,EUR\n" for n in range(3000)))
feed = os.path.join(ws, "feed.csv")
with open(feed, "w", encoding="utf-8") as f:
    f.write("SKU,Price\n" + "".join(f"AB-{n},12.99\n" for n in range(3000)))

old = {f"AB-{n}": (500, "EUR") for n in range(3000)}
new = {f"AB-{n}": (1299, "EUR") for n in range(3000)}
seen = []


def reader_looks():
    try:
        prices = PriceList(dest)
        prices.refresh()
        seen.append("old" if prices.prices == old else "new" if prices.prices == new else f"{len(prices.prices)} prices")
    except Exception as exc:  # a half-written row
        seen.append(f"unreadable: {exc!r}")


def spy(module, name):
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        reader_looks()
        return real(*args, **kwargs)

    setattr(module, name, wrapper)


for module, name in [(os, "sendfile"), (shutil, "copyfileobj"), (os, "replace"), (os, "rename")]:
    if hasattr(module, name):
        spy(module, name)

run(feed, dest, "acme", date(2024, 5, 2))
reader_looks()

partial = [s for s in seen if s not in ("old", "new")]
assert not partial, f"while publishing, the pricing service loaded a partial price list: {partial[:3]}"
assert seen[-1] == "new", seen
print("ok")
