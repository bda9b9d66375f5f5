"""Outgoing notifications: e-mail and push, one transport per channel."""
