import os
import sys
from pathlib import Path
from typing import Optional

import pytest

import dotenv
from dotenv.cli import cli as dotenv_cli
from dotenv.version import __version__
from tests.test_lib import check_process, run_dotenv


@pytest.mark.parametrize(
    "output_format,content,expected",
    (
        (None, "x='a b c'", """x=a b c\n"""),
        ("simple", "x='a b c'", """x=a b c\n"""),
        ("simple", """x='"a b c"'""", """x="a b c"\n"""),
        ("simple", '''x="'a b c'"''', """x='a b c'\n"""),
        ("json", "x='a b c'", """{\n  "x": "a b c"\n}\n"""),
        ("shell", "x='a b c'", "x='a b c'\n"),
        ("shell", """x='"a b c"'""", """x='"a b c"'\n"""),
        ("shell", '''x="'a b c'"''', """x=''"'"'a b c'"'"''\n"""),
        ("shell", "x='a\nb\nc'", "x='a\nb\nc'\n"),
        ("export", "x='a b c'", """export x='a b c'\n"""),
    ),
)
def test_list(
    cli, dotenv_path, output_format: Optional[str], content: str, expected: str
):
    dotenv_path.write_text(content + "\n")

    args = ["--file", dotenv_path, "list"]
    if format is not None:
        args.extend(["--format", output_format])

    result = cli.invoke(dotenv_cli, args)

    assert (result.exit_code, result.output) == (0, expected)


def test_list_several_files(cli, tmp_path):
    (tmp_path / ".env").write_text("a=b\nc=d\n")
    (tmp_path / ".env.local").write_text("c=e\n")

    result = cli.invoke(
        dotenv_cli,
        ["-f", tmp_path / ".env", "-f", tmp_path / ".env.local", "list"],
    )

    assert (result.exit_code, result.output) == (0, "a=b\nc=e\n")


def test_list_several_files_one_missing(cli, tmp_path):
    (tmp_path / ".env").write_text("a=b\n")

    result = cli.invoke(
        dotenv_cli,
        ["-f", tmp_path / ".env", "-f", tmp_path / ".env.local", "list"],
    )

    assert result.exit_code == 2, result.output
    assert "Error opening env file" in result.output


def test_list_non_existent_file(cli):
    result = cli.invoke(dotenv_cli, ["--file", "nx_file", "list"])

    assert result.exit_code == 2, result.output
    assert "Error opening env file" in result.output


def test_list_not_a_file(cli):
    result = cli.invoke(dotenv_cli, ["--file", ".", "list"])

    assert result.exit_code == 2, result.output
    assert "Error opening env file" in result.output


def test_list_no_file(cli):
    result = cli.invoke(dotenv.cli.list_values, [])

    assert (result.exit_code, result.output) == (1, "")


def test_get_existing_value(cli, dotenv_path):
    dotenv_path.write_text("a=b")

    result = cli.invoke(dotenv_cli, ["--file", dotenv_path, "get", "a"])

    assert (result.exit_code, result.output) == (0, "b\n")


def test_get_empty_string_value(cli, dotenv_path):
    """Empty string values must not be treated as missing (truthiness trap)."""
    dotenv_path.write_text("a=\n")

    result = cli.invoke(dotenv_cli, ["--file", dotenv_path, "get", "a"])

    assert (result.exit_code, result.output) == (0, "\n")


def test_get_several_files(cli, tmp_path):
    (tmp_path / ".env").write_text("a=b\n")
    (tmp_path / ".env.local").write_text("a=c\n")

    result = cli.invoke(
        dotenv_cli,
        ["-f", tmp_path / ".env", "-f", tmp_path / ".env.local", "get", "a"],
    )

    assert (result.exit_code, result.output) == (0, "c\n")


def test_get_value_without_equals(cli, dotenv_path):
    dotenv_path.write_text("a")

    result = cli.invoke(dotenv_cli, ["--file", dotenv_path, "get", "a"])

    assert (result.exit_code, result.output) == (1, "")


def test_get_non_existent_value(cli, dotenv_path):
    result = cli.invoke(dotenv_cli, ["--file", dotenv_path, "get", "a"])

    assert (result.exit_code, result.output) == (1, "")


def test_get_non_existent_file(cli):
    result = cli.invoke(dotenv_cli, ["--file", "nx_file", "get", "a"])

    assert result.exit_code == 2
    assert "Error opening env file" in result.output


def test_get_not_a_file(cli):
    result = cli.invoke(dotenv_cli, ["--file", ".", "get", "a"])

    assert result.exit_code == 2
    assert "Error opening env file" in result.output


def test_unset_existing_value(cli, dotenv_path):
    dotenv_path.write_text("a=b")

    result = cli.invoke(dotenv_cli, ["--file", dotenv_path, "unset", "a"])

    assert (result.exit_code, result.output) == (0, "Successfully removed a\n")
    assert dotenv_path.read_text() == ""


def test_set_and_unset_change_last_file(cli, tmp_path):
    (tmp_path / ".env").write_text("a=b\n")
    (tmp_path / ".env.local").write_text("")
    files = ["-f", tmp_path / ".env", "-f", tmp_path / ".env.local"]

    set_result = cli.invoke(dotenv_cli, [*files, "set", "a", "c"])
    get_result = cli.invoke(dotenv_cli, [*files, "get", "a"])
    unset_result = cli.invoke(dotenv_cli, [*files, "unset", "a"])

    assert (set_result.exit_code, get_result.output) == (0, "c\n")
    assert unset_result.exit_code == 0
    assert (tmp_path / ".env").read_text() == "a=b\n"
    assert (tmp_path / ".env.local").read_text() == ""


def test_unset_non_existent_value(cli, dotenv_path):
    result = cli.invoke(dotenv_cli, ["--file", dotenv_path, "unset", "a"])

    assert (result.exit_code, result.output) == (1, "")
    assert dotenv_path.read_text() == ""


@pytest.mark.parametrize(
    "quote_mode,variable,value,expected",
    (
        ("always", "a", "x", "a='x'\n"),
        ("never", "a", "x", "a=x\n"),
        ("auto", "a", "x", "a=x\n"),
        ("auto", "a", "x y", "a='x y'\n"),
        ("auto", "a", "$", "a='$'\n"),
    ),
)
def test_set_quote_options(cli, dotenv_path, quote_mode, variable, value, expected):
    result = cli.invoke(
        dotenv_cli,
        [
            "--file",
            dotenv_path,
            "--export",
            "false",
            "--quote",
            quote_mode,
            "set",
            variable,
            value,
        ],
    )

    assert (result.exit_code, result.output) == (0, "{}={}\n".format(variable, value))
    assert dotenv_path.read_text() == expected


@pytest.mark.parametrize(
    "dotenv_path,export_mode,variable,value,expected",
    (
        (Path(".nx_file"), "true", "a", "x", "export a='x'\n"),
        (Path(".nx_file"), "false", "a", "x", "a='x'\n"),
    ),
)
def test_set_export(cli, dotenv_path, export_mode, variable, value, expected):
    result = cli.invoke(
        dotenv_cli,
        [
            "--file",
            dotenv_path,
            "--quote",
            "always",
            "--export",
            export_mode,
            "set",
            variable,
            value,
        ],
    )

    assert (result.exit_code, result.output) == (0, "{}={}\n".format(variable, value))
    assert dotenv_path.read_text() == expected


def test_set_non_existent_file(cli):
    result = cli.invoke(dotenv.cli.set_value, ["a", "b"])

    assert (result.exit_code, result.output) == (1, "")


def test_set_no_file(cli):
    result = cli.invoke(dotenv_cli, ["--file", "nx_file", "set"])

    assert result.exit_code == 2
    assert "Missing argument" in result.output


def test_get_default_path(tmp_path):
    (tmp_path / ".env").write_text("A=x")

    result = run_dotenv(["get", "A"], cwd=tmp_path)

    check_process(result, exit_code=0, stdout="x\n")


def test_run(tmp_path):
    (tmp_path / ".env").write_text("A=x")

    result = run_dotenv(["run", "printenv", "A"], cwd=tmp_path)

    check_process(result, exit_code=0, stdout="x\n")


def test_run_with_existing_variable(tmp_path):
    (tmp_path / ".env").write_text("A=x")
    env = dict(os.environ)
    env.update({"LANG": "en_US.UTF-8", "A": "y"})

    result = run_dotenv(["run", "printenv", "A"], cwd=tmp_path, env=env)

    check_process(result, exit_code=0, stdout="x\n")


def test_run_with_existing_variable_not_overridden(tmp_path):
    (tmp_path / ".env").write_text("A=x")
    env = dict(os.environ)
    env.update({"LANG": "en_US.UTF-8", "A": "C"})

    result = run_dotenv(
        ["run", "--no-override", "printenv", "A"], cwd=tmp_path, env=env
    )

    check_process(result, exit_code=0, stdout="C\n")


@pytest.mark.parametrize(
    "option,existing_value,expected",
    [
        ("--override", "environment", "file\nfile/suffix\n"),
        ("--no-override", "environment", "environment\nenvironment/suffix\n"),
        ("--no-override", "", "\n/suffix\n"),
    ],
)
def test_run_interpolation_respects_override(
    tmp_path, option, existing_value, expected
):
    (tmp_path / ".env").write_text(
        "DOTENV_TEST_BASE=file\nDOTENV_TEST_DERIVED=${DOTENV_TEST_BASE}/suffix\n"
    )
    env = dict(os.environ)
    env.pop("DOTENV_TEST_DERIVED", None)
    env["DOTENV_TEST_BASE"] = existing_value

    result = run_dotenv(
        [
            "run",
            option,
            sys.executable,
            "-c",
            "import os; print(os.environ['DOTENV_TEST_BASE']); "
            "print(os.environ['DOTENV_TEST_DERIVED'])",
        ],
        cwd=tmp_path,
        env=env,
    )

    check_process(result, exit_code=0, stdout=expected)


def test_run_with_several_files(tmp_path):
    (tmp_path / ".env").write_text("A=x\nB=y\n")
    (tmp_path / ".env.local").write_text("B=z\n")

    result = run_dotenv(
        [
            "-f",
            ".env",
            "-f",
            ".env.local",
            "run",
            sys.executable,
            "-c",
            "import os; print(os.environ['A'], os.environ['B'])",
        ],
        cwd=tmp_path,
    )

    check_process(result, exit_code=0, stdout="x z\n")


def test_run_with_several_files_not_overridden(tmp_path):
    (tmp_path / ".env").write_text("A=x\n")
    (tmp_path / ".env.local").write_text("A=y\n")
    env = dict(os.environ)
    env.update({"LANG": "en_US.UTF-8", "A": "C"})

    result = run_dotenv(
        ["-f", ".env", "-f", ".env.local", "run", "--no-override", "printenv", "A"],
        cwd=tmp_path,
        env=env,
    )

    check_process(result, exit_code=0, stdout="C\n")


def test_run_with_several_files_one_missing(tmp_path):
    (tmp_path / ".env").write_text("A=x\n")

    result = run_dotenv(
        ["-f", ".env", "-f", ".env.local", "run", "printenv", "A"],
        cwd=tmp_path,
    )

    check_process(result, exit_code=2)
    assert "Invalid value for '-f' \".env.local\"" in result.stderr


def test_run_with_none_value(tmp_path):
    (tmp_path / ".env").write_text("A=x\nc")

    result = run_dotenv(["run", "printenv", "A"], cwd=tmp_path)

    check_process(result, exit_code=0, stdout="x\n")


def test_run_with_other_env(dotenv_path, tmp_path):
    dotenv_path.write_text("A=x")

    result = run_dotenv(
        ["--file", str(dotenv_path), "run", "printenv", "A"],
        cwd=tmp_path,
    )

    check_process(result, exit_code=0, stdout="x\n")


def test_run_without_cmd(tmp_path):
    result = run_dotenv(["run"], cwd=tmp_path)

    check_process(result, exit_code=2)
    assert "Invalid value for '-f'" in result.stderr


def test_run_with_invalid_cmd(dotenv_path, tmp_path):
    result = run_dotenv(
        ["--file", str(dotenv_path), "run", "i_do_not_exist"],
        cwd=tmp_path,
    )

    check_process(result, exit_code=1)
    assert "Command not found: i_do_not_exist" in result.stderr


def test_run_with_env_missing_and_invalid_cmd(tmp_path):
    """
    Check that an .env file missing takes precedence over a command not found error.
    """

    result = run_dotenv(["run", "i_do_not_exist"], cwd=tmp_path)

    check_process(result, exit_code=2)
    assert "Invalid value for '-f'" in result.stderr


def test_run_with_version(tmp_path):
    result = run_dotenv(["--version"], cwd=tmp_path)

    check_process(result, exit_code=0)
    assert result.stdout.strip().endswith(__version__)


def test_run_with_command_flags(dotenv_path, tmp_path):
    """
    Check that command flags passed after `dotenv run` are not interpreted.

    Here, we want the command to receive `--help`, not `dotenv run --help`.
    `sys.executable` is used instead of a system tool for portability.
    """

    result = run_dotenv(
        [
            "--file",
            str(dotenv_path),
            "run",
            sys.executable,
            "-c",
            "import sys; print(sys.argv[1:])",
            "--help",
        ],
        cwd=tmp_path,
    )

    check_process(result, exit_code=0, stdout="['--help']\n")


def test_run_with_dotenv_and_command_flags(dotenv_path, tmp_path):
    """
    Check that dotenv flags supersede command flags.
    """

    result = run_dotenv(
        ["--version", "--file", str(dotenv_path), "run", "printenv", "--version"],
        cwd=tmp_path,
    )

    check_process(result, exit_code=0)
    assert result.stdout.strip().startswith("dotenv, version")
