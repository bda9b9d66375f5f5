"""Who is making a request. The session middleware resolves the Principal before a handler runs."""

from dataclasses import dataclass

ROLES = ("member", "analyst", "admin")


@dataclass(frozen=True)
class Principal:
    """A signed-in user. Users belong to exactly one tenant; ids are unique across tenants."""

    user_id: int
    tenant_id: int
    role: str = "member"

    @property
    def is_admin(self) -> bool:
        """An administrator of their own tenant. Whoever signs a tenant up becomes its first admin."""
        return self.role == "admin"
