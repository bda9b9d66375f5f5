# Path(root=...) must keep every value inside root. Relative escapes with `..` are rejected, but an
# absolute value passes the `..` check and os.path.join(root, "/abs/path") throws root away.
import os
import tempfile

import click
from click.testing import CliRunner

base = tempfile.mkdtemp()
templates = os.path.join(base, "templates")
os.mkdir(templates)
with open(os.path.join(templates, "welcome.txt"), "w") as f:
    f.write("Welcome!\n")
secret = os.path.join(base, "settings.env")
with open(secret, "w") as f:
    f.write("DATABASE_PASSWORD=hunter2\n")


@click.command()
@click.argument("name", type=click.Path(root=templates, exists=True, dir_okay=False))
def show(name):
    with open(name) as f:
        click.echo(f.read(), nl=False)


runner = CliRunner()
ok = runner.invoke(show, ["welcome.txt"])
assert ok.exit_code == 0 and ok.output == "Welcome!\n", ok.output
for attempt in ("../settings.env", "x/../../settings.env"):
    result = runner.invoke(show, [attempt])
    assert result.exit_code == 2 and "outside of" in result.output, (attempt, result.output)

for attempt in (secret, "/" + secret.lstrip("/"), "//" + secret.lstrip("/")):
    result = runner.invoke(show, [attempt])
    assert "hunter2" not in result.output and result.exit_code == 2, (
        f"Path(root={templates!r}) accepted the absolute path {attempt!r} and the command printed a file "
        f"outside of root: {result.output!r}"
    )
