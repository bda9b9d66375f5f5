import io
import shlex
import shutil
import subprocess
import tarfile
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path
from unittest import mock

from relkit import cli, git, remote
from relkit.proc import ToolError


class TargetTest(unittest.TestCase):
    def test_parses_host_and_directory(self):
        target = remote.parse_target("deploy@web-1.example.com:/srv/shop/releases/", port=2222)
        self.assertEqual(target, remote.Target("deploy@web-1.example.com", "/srv/shop/releases", 2222))

    def test_rejects_bad_targets(self):
        for text in ("-oProxyCommand=sh:/srv", "web 1:/srv", "web:srv", "web:/", "web", "@web:/srv", ":/srv"):
            with self.assertRaises(ToolError, msg=text):
                remote.parse_target(text)
        with self.assertRaises(ToolError):
            remote.parse_target("web:/srv", port=70000)


class RemoteCommandTest(unittest.TestCase):
    def test_steps_reach_the_remote_shell_as_separate_words(self):
        target = remote.Target("web", "/srv/my shop's releases")
        steps = remote.release_commands(target, "shop-20250101120000-0123456789ab")
        argv = remote.ssh_argv(target, steps, ["ConnectTimeout=5"])
        self.assertEqual(argv[:-2], ["ssh", "-p", "22", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5"])
        self.assertEqual(argv[-2], "web")
        words = shlex.split(argv[-1])
        self.assertEqual(words, [word for step in steps for word in [*step, "&&"]][:-1])
        self.assertIn("/srv/my shop's releases/shop-20250101120000-0123456789ab", words)

    def test_release_names_are_plain(self):
        for name in ("../etc", "a b", "-rf", ""):
            with self.assertRaises(ToolError, msg=name):
                remote.release_commands(remote.Target("web", "/srv/r"), name)


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class GitTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.repo = Path(tmp.name)
        env = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
        subprocess.run(["git", "init", "-q", "-b", "main", str(self.repo)], check=True)
        (self.repo / "app.py").write_text("print('v1')\n")
        subprocess.run(["git", "-C", str(self.repo), "add", "."], check=True)
        subprocess.run(["git", "-C", str(self.repo), *env, "commit", "-qm", "v1"], check=True)

    def test_resolves_refs_and_archives_committed_files(self):
        commit = git.resolve_commit(self.repo, "main")
        self.assertEqual(commit, git.head_commit(self.repo))
        (self.repo / "app.py").write_text("print('local edit')\n")
        out = self.repo / "out.tar.gz"
        git.archive(self.repo, commit, out)
        with tarfile.open(out) as archive:
            self.assertEqual(archive.extractfile("app.py").read(), b"print('v1')\n")

    def test_rejects_options_and_unknown_refs(self):
        for ref in ("--output=/tmp/x", "-h", "", "no-such-branch"):
            with self.assertRaises(ToolError, msg=ref):
                git.resolve_commit(self.repo, ref)


class DryRunTest(unittest.TestCase):
    def test_prints_the_command_without_running_it(self):
        with mock.patch.object(git, "resolve_commit", return_value="0123456789abcdef" * 2 + "01234567"), \
                mock.patch.object(remote, "publish") as publish, redirect_stdout(io.StringIO()) as out:
            status = cli.main(["-C", "/srv/src/shop", "publish", "--dry-run", "v1.2", "deploy@web:/srv/shop"])
        self.assertEqual(status, 0)
        publish.assert_not_called()
        self.assertIn("ssh -p 22 -o BatchMode=yes deploy@web 'mkdir -p -- /srv/shop &&", out.getvalue())


if __name__ == "__main__":
    unittest.main()
