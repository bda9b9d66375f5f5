"""Authentication and access: password sign-in, sessions, and how requests prove who they are."""
