import os

from snapkeep.cli import main


def make(directory, *names):
    for name in names:
        with open(os.path.join(directory, name), "wb") as fp:
            fp.write(b"x" * 2048)


def test_list(tmp_path, capsys):
    make(tmp_path, "db-20240302T0200.tar.gz", "db-20240301T0200.tar.gz", "notes.txt")
    assert main(["list", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2024-03-01 02:00     2.0 KiB")
    assert lines[1].startswith("2024-03-02 02:00")
    assert lines[-1] == "2 snapshot(s)"


def test_list_other_prefix(tmp_path, capsys):
    make(tmp_path, "db-20240301T0200.tar.gz", "media-20240301T0300.tar.gz")
    assert main(["list", str(tmp_path), "--prefix=media-"]) == 0
    out = capsys.readouterr().out
    assert "media-20240301T0300" in out and "db-2024" not in out


def test_prune(tmp_path, capsys):
    make(tmp_path, *(f"db-202403{day:02d}T0200.tar.gz" for day in range(1, 11)))
    assert main(["prune", str(tmp_path), "--keep=3"]) == 0
    assert sorted(os.listdir(tmp_path)) == [
        "db-20240308T0200.tar.gz",
        "db-20240309T0200.tar.gz",
        "db-20240310T0200.tar.gz",
    ]
    assert capsys.readouterr().out.splitlines()[-1] == "7 snapshot(s) deleted, 14.0 KiB freed"


def test_prune_dry_run_verbose(tmp_path, capsys):
    make(tmp_path, "db-20240301T0200.tar.gz", "db-20240302T0200.tar.gz")
    assert main(["prune", str(tmp_path), "--keep=1", "--dry-run", "-vv"]) == 0
    assert len(os.listdir(tmp_path)) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("would delete") and out[0].endswith("(older than 24 hours)")
    assert out[1].startswith("keep") and out[1].endswith("(one of the newest 1)")
    assert out[2] == "1 snapshot(s) would be deleted, freeing 2.0 KiB"


def test_prune_rejects_bad_values(tmp_path, capsys):
    make(tmp_path, "db-20240301T0200.tar.gz", "db-20240302T0200.tar.gz")
    assert main(["prune", str(tmp_path), "--keep=0"]) == 2
    assert main(["prune", str(tmp_path), "--min-age=soon"]) == 2
    assert len(os.listdir(tmp_path)) == 2
    assert "--keep must be at least 1" in capsys.readouterr().err
