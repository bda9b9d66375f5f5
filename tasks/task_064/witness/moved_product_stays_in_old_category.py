# Moving a product to another category must take it out of the category it left: price lists are
# cached with no expiry, so a list that is not invalidated is served as it was until a restart.
from app import catalog
from app.db import TenantDB, connect
from app.tenancy import tenant_context

TEA = catalog.Product("T-100", "Assam", "tea", 450)
GREEN = catalog.Product("T-200", "Sencha", "tea", 600)
BEANS = catalog.Product("C-100", "House blend", "coffee", 900)

db = TenantDB(connect())
with tenant_context("acme"):
    for product in (TEA, GREEN, BEANS):
        catalog.add_product(db, product)
    assert catalog.price_list(db, "tea") == (TEA, GREEN)  # the storefront shows the tea page
    assert catalog.price_list(db, "coffee") == (BEANS,)

    moved = catalog.update_product(db, "T-200", category="coffee", price_cents=650)
    assert catalog.price_list(db, "coffee") == (BEANS, moved)
    tea = catalog.price_list(db, "tea")
    assert tea == (TEA,), f"Sencha moved to coffee but the tea price list still shows it: {tea}"

    # A price change without a move still refreshes the list it is in.
    cheaper = catalog.update_product(db, "T-100", price_cents=400)
    assert catalog.price_list(db, "tea") == (cheaper,)
print("ok")
