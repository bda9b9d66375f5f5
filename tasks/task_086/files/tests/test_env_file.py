import pytest

import click
from click.utils import read_env_file


@pytest.fixture
def env_file(tmp_path):
    def write(text):
        path = tmp_path / ".env"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_read_env_file(env_file):
    path = env_file(
        "# settings\n"
        "\n"
        "export NAME=john\n"
        "GREETING = Good morning   # comment\n"
        "TAG=a#b\n"
        "SINGLE='x # y \\n'\n"
        'DOUBLE="one\\ntwo \\"q\\" back\\\\slash"\n'
        "EMPTY=\n"
        "NAME=jane\n"
    )
    assert read_env_file(path) == {
        "NAME": "jane",
        "GREETING": "Good morning",
        "TAG": "a#b",
        "SINGLE": "x # y \\n",
        "DOUBLE": 'one\ntwo "q" back\\slash',
        "EMPTY": "",
    }


@pytest.mark.parametrize("line", ["JUST_A_NAME", "1ABC=x", 'OPEN="never closed', "A='x'y"])
def test_read_env_file_invalid_line(env_file, line):
    path = env_file(f"OK=1\n{line}\n")

    with pytest.raises(ValueError, match="line 2"):
        read_env_file(path)


def test_envvar_from_env_file(runner, env_file):
    path = env_file("USERNAME=john\n")

    @click.command(context_settings={"env_file": path})
    @click.option("--username", envvar="USERNAME")
    def cli(username):
        click.echo(f"Hello {username}!")

    result = runner.invoke(cli)
    assert not result.exception
    assert result.output == "Hello john!\n"

    result = runner.invoke(cli, ["--username", "jane"])
    assert result.output == "Hello jane!\n"


def test_env_file_and_environment_combined(runner, env_file):
    path = env_file("GREETING=Hi\n")

    @click.command(context_settings={"env_file": path})
    @click.option("--username", envvar="USERNAME")
    @click.option("--greeting", envvar="GREETING", default="Hello")
    def cli(username, greeting):
        click.echo(f"{greeting} {username}!")

    result = runner.invoke(cli, env={"USERNAME": "jane"})
    assert result.output == "Hi jane!\n"


def test_auto_envvar_prefix_from_env_file(runner, env_file):
    path = env_file("APP_DEBUG=1\nAPP_RUN_PORT=8080\n")

    @click.group(context_settings={"env_file": path, "auto_envvar_prefix": "APP"})
    @click.option("--debug/--no-debug")
    def cli(debug):
        click.echo(f"debug={debug}")

    @cli.command()
    @click.option("--port", type=int, default=5000)
    def run(port):
        click.echo(f"port={port}")

    result = runner.invoke(cli, ["run"])
    assert not result.exception
    assert result.output == "debug=True\nport=8080\n"


def test_env_file_multiple_values(runner, env_file):
    path = env_file("TAGS='a b c'\n")

    @click.command(context_settings={"env_file": path})
    @click.option("--tag", "tags", multiple=True, envvar="TAGS")
    def cli(tags):
        click.echo(",".join(tags))

    assert runner.invoke(cli).output == "a,b,c\n"


def test_missing_env_file(runner, tmp_path):
    @click.command(context_settings={"env_file": tmp_path / "missing.env"})
    @click.option("--username", envvar="USERNAME", default="nobody")
    def cli(username):
        click.echo(username)

    result = runner.invoke(cli)
    assert not result.exception
    assert result.output == "nobody\n"


def test_invalid_env_file(runner, env_file):
    path = env_file("USERNAME=john\nnot an assignment\n")

    @click.command(context_settings={"env_file": path})
    @click.option("--username", envvar="USERNAME")
    def cli(username):
        click.echo(username)

    result = runner.invoke(cli)
    assert result.exit_code == 1
    assert "Could not open file" in result.output
    assert "line 2: expected NAME=value" in result.output


def test_subcommand_env_file(runner, tmp_path):
    (tmp_path / "group.env").write_text("NAME=group\n")
    (tmp_path / "sub.env").write_text("NAME=sub\n")

    @click.group(context_settings={"env_file": tmp_path / "group.env"})
    def cli():
        pass

    @cli.command()
    @click.option("--name", envvar="NAME")
    def inherit(name):
        click.echo(name)

    @cli.command(context_settings={"env_file": tmp_path / "sub.env"})
    @click.option("--name", envvar="NAME")
    def own(name):
        click.echo(name)

    assert runner.invoke(cli, ["inherit"]).output == "group\n"
    assert runner.invoke(cli, ["own"]).output == "sub\n"
