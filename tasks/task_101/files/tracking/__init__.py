"""Parcel tracking: carrier webhooks and the shipments they update."""
