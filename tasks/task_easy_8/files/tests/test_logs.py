from jobctl import logs


def write_log(tmp_path, job_id, lines):
    (tmp_path / f"{job_id}.log").write_text("".join(f"{line}\n" for line in lines))


def test_prints_whole_log(tmp_path, capsys):
    write_log(tmp_path, "build-1", ["one", "two", "three"])
    assert logs.main(["build-1", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "one\ntwo\nthree\n"


def test_grep(tmp_path, capsys):
    write_log(tmp_path, "build-1", ["INFO start", "ERROR boom", "INFO done"])
    logs.main(["build-1", "--root", str(tmp_path), "--grep", "ERROR"])
    assert capsys.readouterr().out == "ERROR boom\n"


def test_missing_log(tmp_path):
    assert logs.main(["build-404", "--root", str(tmp_path)]) == 1


def test_rejects_path_like_job_id(tmp_path):
    assert logs.main(["../etc/passwd", "--root", str(tmp_path)]) == 2


def test_tail(tmp_path, capsys):
    write_log(tmp_path, "build-1", [f"line {i}" for i in range(1, 11)])
    logs.main(["build-1", "--root", str(tmp_path), "--tail", "2"])
    assert capsys.readouterr().out == "line 9\nline 10\n"


def test_tail_counts_matching_lines(tmp_path, capsys):
    write_log(tmp_path, "build-1", ["ERROR a", "INFO b", "ERROR c", "INFO d"])
    logs.main(["build-1", "--root", str(tmp_path), "--grep", "ERROR", "--tail", "1", "-n"])
    assert capsys.readouterr().out == "     3  ERROR c\n"


def test_open_ended_range(tmp_path, capsys):
    write_log(tmp_path, "build-1", [f"line {i}" for i in range(1, 6)])
    logs.main(["build-1", "--root", str(tmp_path), "--lines", "4-"])
    assert capsys.readouterr().out == "line 4\nline 5\n"
