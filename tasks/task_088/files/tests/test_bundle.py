import io
import os
import tempfile
import unittest
import zipfile

from app.config import Settings
from app.db import connect
from app.imports.bundle import MAX_IMAGE_BYTES, BundleError, import_bundle
from app.imports.catalogue import CatalogueError
from app.web.http import Request
from app.web.imports import upload_bundle

CATALOGUE = "sku,name,price,image\nK-1,Kettle,19.99,kettle.jpg\nT-2,Toaster,24.50,small/toaster.png\nM-3,Mug,4.00,\n"


def make_bundle(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


class BundleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.settings = Settings(database=":memory:", media_root=self.tmp.name)
        self.db = connect(":memory:")
        self.media = os.path.join(self.tmp.name, "suppliers", "7")

    def test_products_and_pictures(self):
        data = make_bundle({
            "products.csv": CATALOGUE.encode(),
            "images/kettle.jpg": b"\xff\xd8jpeg",
            "images/small/toaster.png": b"\x89PNG",
            "images/spare.webp": b"RIFF",
        })
        summary = import_bundle(self.db, self.settings, 7, data)
        self.assertEqual(summary, {"imported": 3, "images": 3, "skipped": []})
        with open(os.path.join(self.media, "small", "toaster.png"), "rb") as f:
            self.assertEqual(f.read(), b"\x89PNG")
        rows = self.db.execute("SELECT sku, image FROM products ORDER BY sku").fetchall()
        self.assertEqual(rows, [("K-1", "kettle.jpg"), ("M-3", None), ("T-2", "small/toaster.png")])

    def test_missing_picture_skips_the_product(self):
        data = make_bundle({"products.csv": CATALOGUE.encode(), "images/kettle.jpg": b"jpeg"})
        summary = import_bundle(self.db, self.settings, 7, data)
        self.assertEqual(summary["imported"], 2)
        self.assertEqual(summary["skipped"], ["T-2: picture small/toaster.png is neither in the bundle nor uploaded before"])

    def test_picture_from_an_earlier_bundle(self):
        import_bundle(self.db, self.settings, 7, make_bundle({"products.csv": b"sku,name,price\n", "images/small/toaster.png": b"png"}))
        summary = import_bundle(self.db, self.settings, 7, make_bundle({"products.csv": CATALOGUE.encode(), "images/kettle.jpg": b"jpeg"}))
        self.assertEqual((summary["imported"], summary["skipped"]), (3, []))

    def test_unusable_pictures_change_nothing(self):
        for name, data in [
            ("images/notes.txt", b"hello"),
            ("images/../../escape.png", b"png"),
            ("images/huge.png", b"\0" * (MAX_IMAGE_BYTES + 1)),
        ]:
            with self.subTest(name=name):
                bundle = make_bundle({"products.csv": CATALOGUE.encode(), "images/kettle.jpg": b"jpeg", name: data})
                with self.assertRaises(BundleError):
                    import_bundle(self.db, self.settings, 7, bundle)
                self.assertFalse(os.path.exists(self.media))
                self.assertEqual(self.db.execute("SELECT count(*) FROM products").fetchone(), (0,))

    def test_no_catalogue(self):
        with self.assertRaises(CatalogueError):
            import_bundle(self.db, self.settings, 7, make_bundle({"images/kettle.jpg": b"jpeg"}))


class UploadBundleTest(unittest.TestCase):
    def test_handler(self):
        with tempfile.TemporaryDirectory() as media:
            settings = Settings(database=":memory:", media_root=media, max_bundle_bytes=10_000)
            db = connect(":memory:")
            body = make_bundle({"products.csv": b"sku,name,price\nM-3,Mug,4.00\n"})
            ok = upload_bundle(Request("POST", "/", {"content-type": "application/zip"}, body, 7), db, settings)
            self.assertEqual(ok.status, 200)
            bad = upload_bundle(Request("POST", "/", {"content-type": "application/zip"}, b"not a zip", 7), db, settings)
            self.assertEqual(bad.status, 400)
            big = upload_bundle(Request("POST", "/", {"content-type": "application/zip"}, b"x" * 10_001, 7), db, settings)
            self.assertEqual(big.status, 413)
