"""Small helpers shared across the app."""
