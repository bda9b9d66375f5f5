"""Short links: create, edit and follow them."""
