"""Address book service: contacts per user, stored in TinyDB."""
