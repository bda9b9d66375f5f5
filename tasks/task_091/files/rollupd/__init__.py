"""Nightly usage rollups for the metering service."""
