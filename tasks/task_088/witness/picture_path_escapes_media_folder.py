# A bundle from supplier 7 must only ever write inside <media_root>/suppliers/7/. The picture path
# check only looks at the start of the name, so "images/x/../../8/logo.png" (no leading "..")
# passes it and os.path.join writes over supplier 8's logo.
import io
import os
import tempfile
import zipfile

from app.config import Settings
from app.db import connect
from app.imports.bundle import BundleError, import_bundle

with tempfile.TemporaryDirectory() as media:
    victim = os.path.join(media, "suppliers", "8", "logo.png")
    os.makedirs(os.path.dirname(victim))
    with open(victim, "wb") as f:
        f.write(b"supplier 8's logo")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("products.csv", "sku,name,price\nM-3,Mug,4.00\n")
        zf.writestr("images/x/../../8/logo.png", b"replaced by supplier 7")
    settings = Settings(database=":memory:", media_root=media)

    try:
        import_bundle(connect(":memory:"), settings, 7, buffer.getvalue())
    except BundleError:
        pass  # refusing the bundle is the right outcome

    with open(victim, "rb") as f:
        content = f.read()
    assert content == b"supplier 8's logo", (
        "a picture named images/x/../../8/logo.png in supplier 7's bundle overwrote "
        f"{os.path.relpath(victim, media)}: {content!r}"
    )
    outside = [
        os.path.relpath(os.path.join(d, n), media)
        for d, _, files in os.walk(media) for n in files
        if not os.path.join(d, n).startswith(os.path.join(media, "suppliers", "7") + os.sep)
        and os.path.join(d, n) != victim
    ]
    assert not outside, f"files written outside supplier 7's folder: {outside}"
