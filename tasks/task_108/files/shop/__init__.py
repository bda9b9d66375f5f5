"""Web shop: catalogue, cart and checkout."""
