# Settings are per tenant (TenantDB binds :tenant from the request's tenant). Reading them through the
# process-wide cache must never serve one tenant another tenant's settings.
from app import settings
from app.db import TenantDB, connect
from app.tenancy import tenant_context

db = TenantDB(connect())
with tenant_context("acme"):
    settings.set_setting(db, "webhook_url", "https://hooks.acme.example/orders")
    settings.set_setting(db, "webhook_secret", "acme-signing-secret")
    settings.set_setting(db, "brand_name", "Acme")
with tenant_context("globex"):
    settings.set_setting(db, "brand_name", "Globex")

with tenant_context("acme"):
    assert settings.get_setting(db, "webhook_secret") == "acme-signing-secret"
with tenant_context("globex"):
    secret = settings.get_setting(db, "webhook_secret")
    assert secret == "", f"globex was served acme's webhook secret from the cache: {secret!r}"
    assert settings.get_setting(db, "brand_name") == "Globex", settings.get_settings(db)
    assert settings.get_setting(db, "webhook_url") == "", settings.get_settings(db)

# Each tenant keeps its own values across further reads and writes.
with tenant_context("globex"):
    settings.set_setting(db, "beta_reports", "true")
    assert settings.get_flag(db, "beta_reports")
with tenant_context("acme"):
    assert not settings.get_flag(db, "beta_reports"), "acme sees globex's feature flag"
    assert settings.get_setting(db, "brand_name") == "Acme"
with tenant_context("globex"):
    assert settings.get_setting(db, "brand_name") == "Globex"
print("ok")
