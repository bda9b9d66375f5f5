# An API key's secret must come from a cryptographically secure source (the secrets module / os.urandom).
# ids.random_token draws from ids._rng, a random.Random (Mersenne Twister) that also produces the order
# references printed on receipts: whoever reconstructs that generator's state knows every key it will issue.
# The witness rewinds the generator's state between two key creations: with a secure source the two
# secrets differ; with the Mersenne Twister the second user is handed the first user's secret.
import random

from app import db, users
from app.auth import api_keys
from app.util import ids

conn = db.connect()
alice = users.create_user(conn, "alice@example.com", "Alice")
mallory = users.create_user(conn, "mallory@example.com", "Mallory")


def secret(text):
    return text.rsplit("_", 1)[1]


saved = (random.getstate(), ids._rng.getstate())
_, alice_key = api_keys.create_key(conn, alice, "deploy", {"admin"}, now=1)
random.setstate(saved[0])
ids._rng.setstate(saved[1])
_, mallory_key = api_keys.create_key(conn, mallory, "laptop", {"read"}, now=2)

assert api_keys.authenticate(conn, alice_key).user_id == alice
assert secret(alice_key) != secret(mallory_key), (
    "the API key secret is fully determined by the state of a Mersenne Twister PRNG (random.Random): "
    f"replaying the state reproduced Alice's secret {secret(alice_key)!r}"
)
forged = f"ak_{alice_key.split('_')[1]}_{secret(mallory_key)}"
assert api_keys.authenticate(conn, forged) is None, "a predicted secret authenticates as Alice"
