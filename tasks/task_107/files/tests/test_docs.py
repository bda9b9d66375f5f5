import json
import os

import pytest
from werkzeug.test import Client

from app.docs import Catalog
from app.docs import parse_catalog
from app.settings import Settings
from app.web import create_app


@pytest.fixture
def docs_root(tmp_path):
    root = tmp_path / "docs"

    for version in ("3.1.2", "3.0", "2.9"):
        (root / version / "guide").mkdir(parents=True)
        (root / version / "index.html").write_text(f"<h1>{version}</h1>")
        (root / version / "guide" / "index.html").write_text(f"guide {version}")
        (root / version / "search.html").write_text("search")

    catalog = {"versions": ["2.9", "3.1.2", "3.0"], "aliases": {"latest": "3.1.2", "stable": "3.0"}}
    (root / "versions.json").write_text(json.dumps(catalog))
    (tmp_path / "private.txt").write_text("not docs")
    return root


@pytest.fixture
def client(docs_root):
    return Client(create_app(Settings(docs_root=str(docs_root))))


def test_index_lists_versions_newest_first(client):
    body = client.get("/docs/").text
    assert body.index("3.1.2") < body.index("3.0") < body.index("2.9")
    assert '<a href="/docs/3.1.2/">3.1.2</a> <em>latest</em>' in body


def test_pages(client):
    response = client.get("/docs/3.0/search.html")
    assert (response.status_code, response.text, response.mimetype) == (200, "search", "text/html")
    assert response.cache_control.max_age == 600
    assert client.get("/docs/3.0/").text == "<h1>3.0</h1>"
    assert client.get("/docs/3.0/guide/").text == "guide 3.0"

    response = client.get("/docs/3.0/guide")
    assert (response.status_code, response.location) == (308, "/docs/3.0/guide/")


def test_alias_redirects(client):
    response = client.get("/docs/latest/guide/?highlight=install")
    assert (response.status_code, response.headers["Cache-Control"]) == (302, "no-cache")
    assert response.location == "/docs/3.1.2/guide/?highlight=install"
    assert client.get("/docs/stable/").location == "/docs/3.0/"


NOT_FOUND = [
    "/docs/4.0/",
    "/docs/nightly/",
    "/docs/3.0/missing.html",
    "/docs/3.0/../../private.txt",
    "/docs/3.0/guide/../../../private.txt",
    "/docs/latest/../../private.txt",
]


@pytest.mark.parametrize("path", NOT_FOUND)
def test_not_found(client, path):
    assert client.get(path).status_code == 404


def test_catalog_reloads_when_replaced(client, docs_root):
    assert client.get("/docs/2.9/").status_code == 200
    tmp = docs_root / "versions.json.tmp"
    tmp.write_text(json.dumps({"versions": ["3.1.2"], "aliases": {"latest": "3.1.2"}}))
    os.replace(tmp, docs_root / "versions.json")

    assert client.get("/docs/2.9/").status_code == 404
    assert client.get("/docs/stable/").status_code == 404


def test_parse_catalog():
    catalog = parse_catalog(
        {
            "versions": ["3.9", "3.10", "3.10.1", "x", "../3.1", 4],
            "aliases": {"latest": "3.10.1", "old": "1.0", "Bad Name": "3.9"},
        }
    )
    assert catalog == Catalog(("3.10.1", "3.10", "3.9"), {"latest": "3.10.1"})
    assert parse_catalog({"versions": "3.1"}) == Catalog()
