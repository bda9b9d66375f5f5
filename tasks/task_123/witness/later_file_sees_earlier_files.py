# The CLI's -f files must be read as one file, as load_dotenv/dotenv_values read a list of
# paths: a value in a later file that refers to a variable from an earlier file expands to
# that file's value, with the same precedence against the environment as the library.
# Run through click's test runner; `run` is checked through the environment it would
# hand to the command (run_command is replaced so nothing is executed).
import json
import os
import tempfile

from click.testing import CliRunner

import dotenv.cli
from dotenv import dotenv_values
from dotenv.cli import cli

folder = tempfile.mkdtemp()
base = os.path.join(folder, ".env")
local = os.path.join(folder, ".env.local")
with open(base, "w") as fh:
    fh.write("DB_HOST=localhost\nDB_NAME=app\n")
with open(local, "w") as fh:
    fh.write("DB_NAME=app_alice\nDATABASE_URL=postgres://${DB_HOST}/${DB_NAME}\n")
files = ["-f", base, "-f", local]
os.environ.pop("DB_HOST", None)
os.environ.pop("DB_NAME", None)
os.environ.pop("DATABASE_URL", None)

runner = CliRunner()

# 1. `get` and `list` agree with the library reading the same list of files.
library = dict(dotenv_values([base, local]))
assert library["DATABASE_URL"] == "postgres://localhost/app_alice", library
result = runner.invoke(cli, [*files, "get", "DATABASE_URL"])
assert result.exit_code == 0, result.output
assert result.output == "postgres://localhost/app_alice\n", (
    "dotenv -f .env -f .env.local get DATABASE_URL expanded ${DB_HOST} without the "
    f"value .env defines: {result.output!r}"
)
result = runner.invoke(cli, [*files, "list", "--format", "json"])
assert result.exit_code == 0, result.output
assert json.loads(result.output) == library, (
    f"dotenv list over two files differs from dotenv_values([...]): {result.output}"
)

# 2. `run`: the environment handed to the command.
captured = []
dotenv.cli.run_command = lambda command, env: captured.append(dict(env))


def run_env(option, environ):
    saved = dict(os.environ)
    os.environ.update(environ)
    try:
        result = runner.invoke(cli, [*files, "run", option, "true"])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert result.exit_code == 0, result.output
    env = dict(saved)
    env.update(environ)
    env.update(captured.pop())
    return env


# --override: the files win over the environment, for DB_HOST and for what uses it.
env = run_env("--override", {"DB_HOST": "ci-db"})
assert env["DB_HOST"] == "localhost", env["DB_HOST"]
assert env["DATABASE_URL"] == "postgres://localhost/app_alice", (
    "with --override the command gets DB_HOST=localhost from .env but DATABASE_URL "
    f"built from the environment's DB_HOST: {env['DATABASE_URL']!r}"
)

# --no-override: the environment wins, and the expansion uses the environment's value.
env = run_env("--no-override", {"DB_HOST": "ci-db"})
assert env["DB_HOST"] == "ci-db", env["DB_HOST"]
assert env["DATABASE_URL"] == "postgres://ci-db/app_alice", env["DATABASE_URL"]

# --no-override with DB_HOST only in .env: the value from .env.
env = run_env("--no-override", {})
assert env["DATABASE_URL"] == "postgres://localhost/app_alice", (
    f"DATABASE_URL lost DB_HOST from .env: {env['DATABASE_URL']!r}"
)
