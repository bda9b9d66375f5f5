"""Outgoing webhooks: accounts subscribe an HTTPS endpoint to the events of their account."""
