# The upload limit (max_bundle_bytes) applies to the compressed zip, and MAX_ROWS is only checked
# while parsing, after the whole text has been decompressed. products.csv is read with
# zf.read() whatever size it declares, so a ~64 KB upload expands to 64 MB in memory (and a
# 50 MB one to tens of GB). A bundle's catalogue must be bounded before it is decompressed, as
# the pictures are.
import io
import zipfile

from app.config import Settings
from app.db import connect
from app.imports.bundle import import_bundle
from app.imports.catalogue import CatalogueError

SIZE = 64 * 1024 * 1024
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
    with zf.open("products.csv", "w") as member:
        member.write(b"sku,name,price\n")
        block = b"X-1,Mug,4.00\n" * (1024 * 1024 // 13)
        for _ in range(SIZE // len(block) + 1):
            member.write(block)
upload = buffer.getvalue()
settings = Settings(database=":memory:", media_root="/nonexistent")
assert len(upload) < settings.max_bundle_bytes // 100, len(upload)

decompressed = 0
original_read = zipfile.ZipExtFile.read


def counting_read(self, n=-1):
    global decompressed
    data = original_read(self, n)
    decompressed += len(data)
    return data


zipfile.ZipExtFile.read = counting_read
refused = False
try:
    import_bundle(connect(":memory:"), settings, 7, upload)
except CatalogueError:
    refused = True
finally:
    zipfile.ZipExtFile.read = original_read

assert decompressed < 8 * 1024 * 1024, (
    f"a {len(upload) // 1024} KB bundle made the import decompress {decompressed // 2**20} MB of "
    "products.csv into memory: the catalogue's size is never checked before zf.read()"
)
assert refused, "an oversized products.csv should be refused with a CatalogueError"
