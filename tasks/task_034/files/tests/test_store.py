import io
import tempfile
import unittest

from filedrop.names import InvalidName
from filedrop.store import Conflict, IncompleteUpload, NotFound, Store, TooLarge
from filedrop.web import content_disposition


class StoreTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.store = Store(self.tmp.name, max_bytes=100)

    def save(self, key, data, tenant="acme"):
        return self.store.save(tenant, key, io.BytesIO(data), len(data))

    def read(self, key, tenant="acme"):
        src, size = self.store.open_file(tenant, key)
        with src:
            data = src.read()
        self.assertEqual(size, len(data))
        return data

    def listed(self, tenant="acme", folder=""):
        files, truncated = self.store.list_files(tenant, folder)
        self.assertFalse(truncated)
        return [(f.key, f.size) for f in files]

    def test_round_trip(self):
        self.save("notes.txt", b"hello")
        self.assertEqual(self.read("notes.txt"), b"hello")
        self.assertEqual(self.listed(), [("notes.txt", 5)])

    def test_tenants_are_separate(self):
        self.save("a.txt", b"1")
        self.assertEqual(self.listed("globex"), [])
        with self.assertRaises(NotFound):
            self.read("a.txt", tenant="globex")

    def test_rejects_bad_names(self):
        for name in ("", ".hidden", "../x", "a/../../x", "a//b", "/abs", "a/", "a\\b", "a\x00b", "x" * 256):
            with self.assertRaises(InvalidName):
                self.save(name, b"x")

    def test_folders_and_original_names(self):
        self.save("reports/2024/Q1 résumé.pdf", b"pdf")
        self.save("reports/notes.txt", b"n")
        self.save("top.txt", b"t")
        self.assertEqual(
            self.listed(), [("top.txt", 1), ("reports/notes.txt", 1), ("reports/2024/Q1 résumé.pdf", 3)]
        )
        self.assertEqual(self.listed(folder="reports/2024"), [("reports/2024/Q1 résumé.pdf", 3)])
        self.assertEqual(self.read("reports/2024/Q1 résumé.pdf"), b"pdf")
        with self.assertRaises(Conflict):
            self.save("top.txt/inner.txt", b"x")
        with self.assertRaises(Conflict):
            self.save("reports", b"x")

    def test_content_disposition(self):
        self.assertEqual(
            content_disposition('Q1 "résumé";.pdf'),
            "attachment; filename=\"Q1 _r_sum___.pdf\"; filename*=UTF-8''Q1%20%22r%C3%A9sum%C3%A9%22%3B.pdf",
        )

    def test_size_limit(self):
        with self.assertRaises(TooLarge):
            self.save("big.bin", b"x" * 101)

    def test_short_body_keeps_the_old_file(self):
        self.save("a.txt", b"old")
        with self.assertRaises(IncompleteUpload):
            self.store.save("acme", "a.txt", io.BytesIO(b"new"), 10)
        self.assertEqual(self.read("a.txt"), b"old")
        self.assertEqual(self.listed(), [("a.txt", 3)])

    def test_delete(self):
        self.save("a.txt", b"1")
        self.store.delete("acme", "a.txt")
        with self.assertRaises(NotFound):
            self.store.delete("acme", "a.txt")


if __name__ == "__main__":
    unittest.main()
