import json

from werkzeug.test import Client

from app.settings import Settings
from app.web import create_app


def test_health():
    client = Client(create_app(Settings()))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


def test_status_default(tmp_path):
    client = Client(create_app(Settings(status_file=str(tmp_path / "none.json"))))
    response = client.get("/status")
    assert response.json == {"state": "operational", "incidents": []}


def test_status_file(tmp_path):
    path = tmp_path / "status.json"
    path.write_text(json.dumps({"state": "degraded", "incidents": ["search"]}))
    client = Client(create_app(Settings(status_file=str(path))))
    assert client.get("/status").json["state"] == "degraded"


def test_unknown_path():
    client = Client(create_app(Settings()))
    assert client.get("/nope").status_code == 404
