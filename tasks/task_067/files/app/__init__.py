"""The collaboration app."""
