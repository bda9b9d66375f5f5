# The PR promises that variables set in the process environment take precedence over the
# env_file. Context.environ builds ChainMap(file_vars, os.environ); a ChainMap looks keys up in
# its first mapping first, so the file's value wins and an exported variable is ignored.
import os
import tempfile

import click
from click.testing import CliRunner

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, ".env")
    with open(path, "w", encoding="utf-8") as f:
        f.write("DATABASE_URL=sqlite:///dev.db\nAPP_RUN_WORKERS=1\n")

    @click.group(context_settings={"env_file": path, "auto_envvar_prefix": "APP"})
    def cli():
        pass

    @cli.command()
    @click.option("--database-url", envvar="DATABASE_URL")
    @click.option("--workers", type=int, default=4)
    def run(database_url, workers):
        click.echo(f"{database_url} {workers}")

    runner = CliRunner()
    # Only the file: its values are used (this part works on the PR too).
    result = runner.invoke(cli, ["run"])
    assert result.output == "sqlite:///dev.db 1\n", result.output

    # The deployment exports its own values: they must win over the file.
    env = {"DATABASE_URL": "postgresql://prod/db", "APP_RUN_WORKERS": "16"}
    result = runner.invoke(cli, ["run"], env=env)
    assert result.output == "postgresql://prod/db 16\n", (
        f"the process environment should take precedence over env_file, got {result.output!r}"
    )

    # The same through the public property.
    ctx = click.Context(click.Command("x"), env_file=path)
    os.environ["DATABASE_URL"] = "postgresql://prod/db"
    try:
        assert ctx.environ["DATABASE_URL"] == "postgresql://prod/db", ctx.environ["DATABASE_URL"]
    finally:
        del os.environ["DATABASE_URL"]
print("ok")
