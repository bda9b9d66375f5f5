"""slotbook: online booking for small businesses (salons, clinics, studios)."""
