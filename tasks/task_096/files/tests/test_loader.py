import pytest

from confkit import ConfigError, load_config


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_load_config(tmp_path):
    path = write(tmp_path / "app.toml", '[database]\nhost = "db1"\nport = 5432\n')
    assert load_config(path) == {"database": {"host": "db1", "port": 5432}}


def test_defaults_are_merged_per_table(tmp_path):
    path = write(tmp_path / "app.toml", '[database]\nhost = "db1"\n')
    defaults = {"database": {"host": "localhost", "port": 5432}, "debug": False}
    config = load_config(path, defaults=defaults)
    assert config == {"database": {"host": "db1", "port": 5432}, "debug": False}
    assert defaults["database"] == {"host": "localhost", "port": 5432}


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml")


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path / "app.toml", "port = \n")
    with pytest.raises(ConfigError, match="app.toml"):
        load_config(path)


def test_includes_are_overridden_by_the_including_file(tmp_path):
    write(tmp_path / "common.toml", '[database]\nhost = "db1"\npool = 5\n\n[log]\nlevel = "info"\n')
    path = write(tmp_path / "api.toml", 'include = ["common.toml"]\n\n[database]\npool = 20\n')
    config = load_config(path)
    assert config == {"database": {"host": "db1", "pool": 20}, "log": {"level": "info"}}


def test_later_includes_win_and_globs_are_sorted(tmp_path):
    (tmp_path / "conf.d").mkdir()
    write(tmp_path / "conf.d" / "20-b.toml", 'workers = 8\nname = "b"\n')
    write(tmp_path / "conf.d" / "10-a.toml", 'workers = 4\ntags = ["a"]\n')
    write(tmp_path / "base.toml", 'workers = 1\ntags = ["base"]\n')
    path = write(tmp_path / "app.toml", 'include = ["base.toml", "conf.d/*.toml"]\n')
    assert load_config(path) == {"workers": 8, "name": "b", "tags": ["a"]}


def test_nested_include_is_relative_to_its_file(tmp_path):
    (tmp_path / "db").mkdir()
    write(tmp_path / "db" / "credentials.toml", '[database]\nuser = "svc"\n')
    write(tmp_path / "db" / "primary.toml", 'include = ["credentials.toml"]\n[database]\nhost = "db1"\n')
    path = write(tmp_path / "app.toml", 'include = ["db/primary.toml"]\n')
    assert load_config(path) == {"database": {"user": "svc", "host": "db1"}}


def test_include_cycle(tmp_path):
    write(tmp_path / "a.toml", 'include = ["b.toml"]\n')
    write(tmp_path / "b.toml", 'include = ["./a.toml"]\n')
    with pytest.raises(ConfigError, match="include cycle"):
        load_config(tmp_path / "a.toml")


def test_missing_include_names_the_file(tmp_path):
    path = write(tmp_path / "app.toml", 'include = ["nope.toml"]\n')
    with pytest.raises(ConfigError, match="nope.toml"):
        load_config(path)


def test_reload_sees_changed_files(tmp_path):
    path = write(tmp_path / "app.toml", "workers = 4\n")
    assert load_config(path) == {"workers": 4}
    write(path, "workers = 16\n")
    assert load_config(path) == {"workers": 16}


def test_overrides(tmp_path):
    path = write(tmp_path / "app.toml", '[database]\nhost = "db1"\nport = 5432\n')
    config = load_config(path, overrides=["database.port=6432", "log.level=debug"])
    assert config == {"database": {"host": "db1", "port": 6432}, "log": {"level": "debug"}}


def test_override_into_a_value_is_an_error(tmp_path):
    path = write(tmp_path / "app.toml", 'name = "api"\n')
    with pytest.raises(ConfigError, match="name is a str, not a table"):
        load_config(path, overrides=["name.first=x"])
