"""Permission checks."""
from functools import lru_cache

from teamhub.acl.roles import ROLES


class Forbidden(Exception):
    pass


def grant_matches(grant, permission):
    """Whether `grant` allows `permission`.

    A `*` segment of the grant stands for exactly one segment of the permission; every other
    segment must be equal. A `*` in `permission` is only matched by a `*` in the grant, so
    `grant_matches(a, b)` also says whether grant `a` allows everything grant `b` allows.
    """
    grant_parts, permission_parts = grant.split("."), permission.split(".")
    if len(grant_parts) != len(permission_parts):
        return False
    return all(g in ("*", p) for g, p in zip(grant_parts, permission_parts))


def _collect(name, seen):
    if name in seen:
        return set()
    seen.add(name)
    role = ROLES.get(name)
    if role is None:
        return set()
    grants = set(role.grants)
    for included in role.includes:
        grants |= _collect(included, seen)
    return grants


@lru_cache(maxsize=None)
def role_grants(name):
    """The grants of role `name` and of every role it includes (none for an unknown role)."""
    return frozenset(_collect(name, set()))


def grants(assignments, workspace_id):
    """The grants the given assignments hold in `workspace_id`, site-wide ones included."""
    held = set()
    for a in assignments:
        if a.workspace_id is None or a.workspace_id == workspace_id:
            held |= role_grants(a.role)
    return held


def allowed(assignments, permission, workspace_id):
    return any(grant_matches(g, permission) for g in grants(assignments, workspace_id))


def require(assignments, permission, workspace_id):
    if not allowed(assignments, permission, workspace_id):
        raise Forbidden(permission)


def can_assign(assignments, role, workspace_id):
    """Whether these assignments may hand out (or take away) `role` in `workspace_id`.

    That takes `members.manage` there, and holding everything the role grants: nobody can
    give someone more than they have themselves.
    """
    held = grants(assignments, workspace_id)
    if not any(grant_matches(g, "members.manage") for g in held):
        return False
    return all(any(grant_matches(h, g) for h in held) for g in role_grants(role))
