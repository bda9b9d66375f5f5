"""The web page's files over real HTTP: served from the package with a strict CSP, loadable without the token
while every data route still needs it, free of task data, and shipped in the wheel."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.tasks import TaskRegistry
from coding_env_mcp.http import web
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import REPO
from ..live_server import serve_in_thread

TOKEN = "web-token-0123456789abcdef"
STATIC = REPO / "coding_env_mcp" / "http" / "web" / "static"


@dataclass
class Served:
    open_url: str
    guarded_url: str


@pytest.fixture(scope="module")
def served(registry: TaskRegistry) -> Iterator[Served]:
    """The app twice: without a token and with one."""
    open_env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    guarded_env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with (
        serve_in_thread(build_app(open_env, HttpSettings())) as open_url,
        serve_in_thread(build_app(guarded_env, HttpSettings(token=TOKEN))) as guarded_url,
    ):
        yield Served(open_url, guarded_url)


def asset_paths() -> list[str]:
    return [f"/web/{path.name}" for path in sorted(STATIC.iterdir()) if path.name != "index.html"]


def test_the_page_and_each_file_are_served_with_a_strict_policy(served: Served) -> None:
    with httpx2.Client(base_url=served.open_url, timeout=10) as http:
        page = http.get("/web")
        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        policy = page.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["x-frame-options"] == "DENY"
        assert page.text == (STATIC / "index.html").read_text()
        expected_types = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
        for path in asset_paths():
            response = http.get(path)
            assert response.status_code == 200, path
            assert response.content == (STATIC / path.rsplit("/", 1)[1]).read_bytes()
            assert response.headers["content-type"].startswith(expected_types[Path(path).suffix]), path
            assert response.headers["content-security-policy"] == policy
        assert http.head("/web").status_code == 200
        slash = http.get("/web/", follow_redirects=False)
        assert (slash.status_code, slash.headers["location"]) == (308, "/web")
        missing = http.get("/web/nope.js")
        assert missing.status_code == 404
        assert "/web" in missing.json()["detail"]


def test_the_page_refers_only_to_files_it_serves() -> None:
    """Every file the HTML links and every module a script imports exists, so the page loads whole."""
    served_names = {path.name for path in STATIC.iterdir()}
    html = (STATIC / "index.html").read_text()
    linked = re.findall(r'(?:href|src)="web/([^"]+)"', html)
    assert linked and set(linked) <= served_names
    for script in STATIC.glob("*.js"):
        imported = re.findall(r'from "\./([^"]+)"', script.read_text())
        assert set(imported) <= served_names, script.name
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for script in STATIC.glob("*.js"):
        used = set(re.findall(r'\$\("([^"]+)"\)', script.read_text()))
        assert used <= ids, f"{script.name} looks up ids the page lacks: {sorted(used - ids)}"


def test_the_page_holds_no_task_data(registry: TaskRegistry) -> None:
    """The files are public when a token is set, so nothing of any task may be in them."""
    text = "\n".join(path.read_text() for path in STATIC.iterdir())
    for task in registry.select():
        assert task.task_id not in text
        assert task.pr_title not in text


def test_with_a_token_only_the_page_files_are_public(served: Served) -> None:
    public = ["/web", *asset_paths()]
    with httpx2.Client(base_url=served.guarded_url, timeout=10) as http:
        for path in public:
            assert http.get(path).status_code == 200, path
        assert http.get("/web/", follow_redirects=False).status_code == 308
        for method, path in [("GET", "/web/nope.js"), ("POST", "/web"), ("GET", "/web/app.js/"), ("GET", "/tasks")]:
            response = http.request(method, path)
            assert response.status_code == 401, (method, path)
        refused = http.post("/mcp", json={}, headers={"Origin": served.guarded_url})
        assert refused.status_code == 401
        assert "does not match" not in refused.json()["detail"]
        assert http.get("/tasks", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_a_foreign_host_is_refused_the_page_too(served: Served) -> None:
    with httpx2.Client(base_url=served.guarded_url, timeout=10) as http:
        response = http.get("/web", headers={"Host": "attacker.example"})
    assert response.status_code == 421


def test_every_file_of_the_page_is_in_the_wheel(tmp_path: Path) -> None:
    """hatchling ships the package's non-Python files: the page must reach an installed server."""
    from hatchling.builders.wheel import WheelBuilder

    wheels = list(WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"]))
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    expected = {f"coding_env_mcp/http/web/static/{path.name}" for path in STATIC.iterdir()}
    assert expected <= names
    assert "coding_env_mcp/http/web/__init__.py" in names


def test_the_router_serves_exactly_the_static_files() -> None:
    names = set(web.static_files())
    assert names == {path.name for path in STATIC.iterdir()}
    assert web.PAGE_FILE in names
