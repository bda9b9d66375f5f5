"""The tenant of the request being served.

The web middleware sets it once per request from the signed-in user's organisation, and everything
below the handlers reads it with current_tenant() instead of passing a tenant id around.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str | None] = ContextVar("tenant", default=None)


class NoTenant(RuntimeError):
    """Tenant data was touched outside a request (or a job) that set the tenant."""


def current_tenant() -> str:
    tenant = _current.get()
    if tenant is None:
        raise NoTenant("no tenant is set in this context")
    return tenant


@contextmanager
def tenant_context(tenant_id: str) -> Iterator[None]:
    if not tenant_id:
        raise ValueError("tenant id must not be empty")
    token = _current.set(tenant_id)
    try:
        yield
    finally:
        _current.reset(token)
