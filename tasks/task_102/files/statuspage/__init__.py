"""Public status page: component health, open incidents and their updates."""
