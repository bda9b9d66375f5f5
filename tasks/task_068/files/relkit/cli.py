"""Command line: `relkit status`, `relkit publish`."""

import argparse
import logging
import shlex
import sys
import tempfile
import time
from pathlib import Path

from relkit import __version__, git, remote
from relkit.proc import ToolError


def cmd_status(args: argparse.Namespace) -> int:
    branch = git.current_branch(args.repo) or "(detached)"
    dirty = " (uncommitted changes)" if git.is_dirty(args.repo) else ""
    print(f"{branch} at {git.head_commit(args.repo)[:12]}{dirty}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    target = remote.parse_target(args.target, port=args.port)
    commit = git.resolve_commit(args.repo, args.ref)
    name = args.name or args.repo.resolve().name
    release = f"{name}-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{commit[:12]}"
    if args.dry_run:
        argv = remote.ssh_argv(target, remote.release_commands(target, release), args.ssh_option)
        print(f"would upload {args.ref} ({commit[:12]}) as {release} with:")
        print(f"  {shlex.join(argv)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="relkit-") as tmp:
        tarball = Path(tmp) / "release.tar.gz"
        git.archive(args.repo, commit, tarball)
        remote.publish(target, release, tarball, args.ssh_option)
    print(f"published {release} to {target.host}:{target.releases_dir}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="relkit")
    parser.add_argument("--version", action="version", version=f"relkit {__version__}")
    parser.add_argument("-C", dest="repo", type=Path, default=Path("."), help="repository (default: .)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every command run")
    commands = parser.add_subparsers(dest="command", required=True)
    status = commands.add_parser("status", help="branch, commit and whether the tree is dirty")
    status.set_defaults(func=cmd_status)
    publish = commands.add_parser("publish", help="unpack a commit's files on a server and make them current")
    publish.add_argument("ref", help="branch, tag or commit to publish")
    publish.add_argument("target", help="[user@]host:/path/to/releases")
    publish.add_argument("-p", "--port", type=int, default=22, help="ssh port (default: 22)")
    publish.add_argument("--name", help="release name prefix (default: the repository's directory name)")
    publish.add_argument(
        "-o", "--ssh-option", action="append", default=[], metavar="KEY=VALUE", help="passed to ssh as -o KEY=VALUE"
    )
    publish.add_argument("-n", "--dry-run", action="store_true", help="print the ssh command instead of running it")
    publish.set_defaults(func=cmd_publish)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return args.func(args)
    except ToolError as exc:
        print(f"relkit: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
