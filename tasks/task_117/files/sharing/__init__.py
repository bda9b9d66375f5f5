"""Documents and sharing them."""
