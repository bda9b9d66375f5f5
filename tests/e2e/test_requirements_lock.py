"""requirements.lock, what the image installs: every runtime dependency pinned, every pin hashed, and enough.

The image installs it with `--require-hashes` before the code is copied (so a code change reuses the layer and
a tampered or swapped download fails the build), then the package itself with `--no-deps`, so the lock alone
decides what runs. No engine builds the image here: the install it does runs in a fresh venv instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..conftest import REPO
from .test_container import instructions

LOCK = REPO / "requirements.lock"


def pins() -> dict[str, tuple[Requirement, list[str]]]:
    """Each locked requirement by canonical name, with its hashes (continuation lines joined, comments dropped)."""
    entries: dict[str, tuple[Requirement, list[str]]] = {}
    logical = re.sub(r"\\\n", " ", LOCK.read_text())
    for line in logical.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        hashes = re.findall(r"--hash=(sha256:[0-9a-f]{64})", line)
        requirement = Requirement(re.sub(r"\s--hash=\S+", "", line).strip())
        entries[canonicalize_name(requirement.name)] = (requirement, hashes)
    return entries


def runtime_dependencies() -> list[Requirement]:
    """The package's dependencies and its `postgres` extra: the image serves replicas on a shared record."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["postgres"]]]


def test_every_runtime_dependency_is_pinned_within_its_range():
    locked = pins()
    for dependency in runtime_dependencies():
        name = canonicalize_name(dependency.name)
        assert name in locked, f"{dependency.name} is a dependency but not in requirements.lock: regenerate it"
        (pin, _) = locked[name]
        (version,) = [spec.version for spec in pin.specifier if spec.operator == "=="]
        assert dependency.specifier.contains(version), f"{name}=={version} is outside {dependency.specifier}"


def test_every_pin_is_exact_and_hashed():
    for name, (requirement, hashes) in pins().items():
        assert [spec.operator for spec in requirement.specifier] == ["=="], name
        assert hashes, f"{name} has no --hash: pip --require-hashes would refuse the whole file"


def test_the_dockerfile_installs_the_lock_with_hashes_before_the_code():
    steps = instructions()
    copies = [index for index, (key, arguments) in enumerate(steps) if key == "COPY" and "--from" not in arguments]
    runs = {index: arguments for index, (key, arguments) in enumerate(steps) if key == "RUN"}
    lock_copy = next(index for index in copies if steps[index][1].split()[0] == "requirements.lock")
    code_copy = next(index for index in copies if "coding_env_mcp" in steps[index][1])
    lock_install = next(index for index, run in runs.items() if "-r requirements.lock" in run)
    assert "--require-hashes" in runs[lock_install]
    assert lock_copy < lock_install < code_copy  # a code change leaves the dependency layer cached
    package_install = next(index for index, run in runs.items() if re.search(r"install [^&]*--no-deps \.", run))
    assert package_install > code_copy  # the package adds nothing the lock did not pin


def test_the_lock_installs_with_hashes_into_a_fresh_venv_and_is_complete(tmp_path: Path):
    """What the image's build stage does, here: the lock, then the package without its dependencies; `pip check`
    then finds nothing missing, so the lock holds every transitive dependency too."""
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = str(target / "bin" / "python")
    pip = [sys.executable, "-m", "pip", "--python", python]
    install = [*pip, "install", "--quiet", "--no-cache-dir", "--require-hashes", "-r", str(LOCK)]
    done = subprocess.run(install, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 and "Could not find a version" in done.stderr + done.stdout and not os.environ.get("CI"):
        pytest.skip(f"no package index reachable: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr
    package = [*pip, "install", "--quiet", "--no-cache-dir", "--no-deps", str(REPO)]
    assert subprocess.run(package, capture_output=True, text=True, timeout=600).returncode == 0
    check = subprocess.run([*pip, "check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    listed = subprocess.run(
        [str(target / "bin" / "coding-env-mcp"), "tasks", "list"], capture_output=True, text=True, timeout=120
    )
    assert listed.returncode == 0 and "task_easy_1" in listed.stdout, listed.stderr
