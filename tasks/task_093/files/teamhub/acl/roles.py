"""The roles a member can hold, and what each one allows.

A role grants permissions (`"tasks.write"`) or patterns of them: a `*` segment stands for any
one segment, so `"billing.*"` allows `billing.read` and `billing.manage`, and `"*.read"`
allows reading every area. A role also has everything the roles it `includes` have.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    grants: frozenset
    includes: tuple = ()
    site_wide: bool = False  # assigned site-wide (workspace_id None), never in a workspace


ROLES = {
    "viewer": Role(frozenset({"projects.read", "tasks.read", "members.read"})),
    "editor": Role(frozenset({"tasks.*", "projects.write"}), includes=("viewer",)),
    "billing": Role(frozenset({"billing.*"}), includes=("viewer",)),
    "admin": Role(
        frozenset({"members.invite", "members.manage", "projects.delete", "billing.read"}),
        includes=("editor",),
    ),
    "owner": Role(frozenset({"workspace.delete"}), includes=("admin", "billing")),
    # Support staff: site-wide read-only access for answering tickets.
    "support": Role(frozenset({"*.read"}), site_wide=True),
}

# Roles that may be assigned site-wide (workspace_id None) rather than in one workspace.
SITE_ROLES = frozenset(name for name, role in ROLES.items() if role.site_wide)


def _check(roles):
    for name, role in roles.items():
        for included in role.includes:
            if included not in roles:
                raise ValueError(f"role {name!r} includes unknown role {included!r}")
            if roles[included].site_wide != role.site_wide:
                raise ValueError(f"role {name!r} mixes site-wide and workspace roles")


_check(ROLES)
