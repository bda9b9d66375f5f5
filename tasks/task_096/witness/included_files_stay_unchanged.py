# read_toml caches each parsed file and hands the same dict to every caller. _load's "copy" of it
# (own = {key: value ...}) copies only the top level, so the tables inside stay the cached ones;
# merge_into does not copy values and merges later files (and set_path the --set overrides) into
# those tables in place. An including file's override is therefore written into the cached
# include: a second config including the same file, or a reload without the --set override, sees
# values it never set.
import tempfile
from pathlib import Path

from confkit import load_config

root = Path(tempfile.mkdtemp(prefix="confkit-"))
(root / "common.toml").write_text('[database]\nhost = "db1"\npool = 5\n', encoding="utf-8")
(root / "api.toml").write_text('include = ["common.toml"]\n\n[database]\npool = 20\n', encoding="utf-8")
(root / "worker.toml").write_text('include = ["common.toml"]\n\n[queue]\nname = "jobs"\n', encoding="utf-8")

api = load_config(root / "api.toml")
assert api["database"] == {"host": "db1", "pool": 20}, api

worker = load_config(root / "worker.toml")
assert worker["database"] == {"host": "db1", "pool": 5}, (
    f"worker.toml only includes common.toml (pool = 5), but after loading api.toml "
    f"its database table is {worker['database']}"
)

# A --set override must not survive into the next load of the same file.
(root / "single.toml").write_text('[log]\nlevel = "info"\n', encoding="utf-8")
debug = load_config(root / "single.toml", overrides=["log.level=debug"])
assert debug["log"] == {"level": "debug"}, debug
again = load_config(root / "single.toml")
assert again["log"] == {"level": "info"}, (
    f"reloading single.toml without --set must give level 'info', got {again['log']}"
)

# Changing the returned config must not change what the next load returns.
api = load_config(root / "worker.toml")
api["queue"]["name"] = "changed by the caller"
assert load_config(root / "worker.toml")["queue"] == {"name": "jobs"}, "caller's edit leaked into the next load"
