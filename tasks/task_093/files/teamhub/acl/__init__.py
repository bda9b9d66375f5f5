"""Access control: roles, assignments and permission checks."""
