import unittest

from app import catalog
from app.db import TenantDB, connect
from app.tenancy import tenant_context

TEA = catalog.Product("T-100", "Assam", "tea", 450)
GREEN = catalog.Product("T-200", "Sencha", "tea", 600)
BEANS = catalog.Product("C-100", "House blend", "coffee", 900)


class CountingDB(TenantDB):
    queries = 0

    def _params(self, sql, params):
        self.queries += 1
        return super()._params(sql, params)


class CatalogTest(unittest.TestCase):
    def setUp(self):
        conn = connect()
        self.addCleanup(conn.close)
        catalog.cache.clear()
        self.db = CountingDB(conn)
        scope = tenant_context("acme")
        scope.__enter__()
        self.addCleanup(scope.__exit__, None, None, None)
        for product in (TEA, GREEN, BEANS):
            catalog.add_product(self.db, product)

    def test_get_product(self):
        self.assertEqual(catalog.get_product(self.db, "T-100"), TEA)
        with self.assertRaises(catalog.UnknownProduct):
            catalog.get_product(self.db, "nope")

    def test_price_list_by_category_sorted_by_name(self):
        self.assertEqual(catalog.price_list(self.db, "tea"), (TEA, GREEN))
        self.assertEqual(catalog.price_list(self.db, "cake"), ())

    def test_reads_are_cached(self):
        before = self.db.queries
        for _ in range(3):
            catalog.get_product(self.db, "T-100")
            catalog.price_list(self.db, "tea")
        self.assertEqual(self.db.queries - before, 2)

    def test_update_price(self):
        self.assertEqual(catalog.price_list(self.db, "tea"), (TEA, GREEN))
        updated = catalog.update_product(self.db, "T-100", price_cents=500)
        self.assertEqual(updated, catalog.Product("T-100", "Assam", "tea", 500))
        self.assertEqual(catalog.get_product(self.db, "T-100"), updated)
        self.assertEqual(catalog.price_list(self.db, "tea"), (updated, GREEN))

    def test_move_to_another_category(self):
        self.assertEqual(catalog.price_list(self.db, "coffee"), (BEANS,))
        moved = catalog.update_product(self.db, "T-200", category="coffee", price_cents=650)
        self.assertEqual(moved, catalog.Product("T-200", "Sencha", "coffee", 650))
        self.assertEqual(catalog.get_product(self.db, "T-200"), moved)
        self.assertEqual(catalog.price_list(self.db, "coffee"), (BEANS, moved))

    def test_bad_updates(self):
        for price in (-1, catalog.MAX_PRICE_CENTS + 1):
            with self.assertRaises(ValueError):
                catalog.update_product(self.db, "T-100", price_cents=price)
        for price in ("500", 5.0, True):
            with self.assertRaises(TypeError):
                catalog.update_product(self.db, "T-100", price_cents=price)
        for category in ("", " tea", "x" * (catalog.MAX_CATEGORY_LENGTH + 1)):
            with self.assertRaises(ValueError):
                catalog.update_product(self.db, "T-100", category=category)
        with self.assertRaises(ValueError):
            catalog.update_product(self.db, "T-100")
        with self.assertRaises(catalog.UnknownProduct):
            catalog.update_product(self.db, "nope", price_cents=100)
        self.assertEqual(catalog.get_product(self.db, "T-100"), TEA)

    def test_other_tenants_do_not_see_the_catalogue(self):
        catalog.price_list(self.db, "tea")
        catalog.get_product(self.db, "T-100")
        with tenant_context("globex"):
            self.assertEqual(catalog.price_list(self.db, "tea"), ())
            with self.assertRaises(catalog.UnknownProduct):
                catalog.get_product(self.db, "T-100")
