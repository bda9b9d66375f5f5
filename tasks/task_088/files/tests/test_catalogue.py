import unittest

from app.config import Settings
from app.db import connect
from app.imports.catalogue import CatalogueError, parse_catalogue
from app.web.http import Request
from app.web.imports import upload_catalogue


class ParseCatalogueTest(unittest.TestCase):
    def test_valid_and_invalid_rows(self):
        products, problems = parse_catalogue("SKU,Name,Price\nA-1,Kettle,19.99\n!,Bad,1\n")
        self.assertEqual([p.sku for p in products], ["A-1"])
        self.assertEqual(products[0].price_cents, 1999)
        self.assertEqual(len(problems), 1)

    def test_missing_column(self):
        with self.assertRaises(CatalogueError):
            parse_catalogue("sku,name\nA-1,Kettle\n")


class UploadTest(unittest.TestCase):
    def test_upload_saves_products(self):
        db = connect(":memory:")
        settings = Settings(database=":memory:", media_root="/nonexistent")
        request = Request("POST", "/portal/catalogue", body=b"sku,name,price\nA-1,Kettle,19.99\n", supplier_id=7)
        response = upload_catalogue(request, db, settings)
        self.assertEqual(response.status, 200)
        self.assertEqual(db.execute("SELECT name FROM products").fetchall(), [("Kettle",)])
