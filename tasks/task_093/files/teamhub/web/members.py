"""Workspace member management endpoints."""
from teamhub.acl.policy import allowed, can_assign
from teamhub.acl.store import RoleChanged


def change_role(store, actor_id, workspace_id, user_id, role):
    """PUT /workspaces/<workspace_id>/members/<user_id> {"role": ...}"""
    actor = store.for_user(actor_id)
    if not allowed(actor, "members.manage", workspace_id):
        return 403, {"error": "missing permission members.manage"}
    if user_id == actor_id:
        return 409, {"error": "you cannot change your own role"}
    current = store.role_in(user_id, workspace_id)
    for needed in (role, current):
        if needed is not None and not can_assign(actor, needed, workspace_id):
            return 403, {"error": f"you cannot assign or change the role {needed!r}"}
    try:
        store.assign(user_id, role, workspace_id, if_current=current)
    except RoleChanged:
        return 409, {"error": "the member's role changed meanwhile; reload and try again"}
    except ValueError as exc:
        return 400, {"error": str(exc)}
    return 200, {"user_id": user_id, "role": role}
