# User 42 must only ever download files under <root>/42/. User 421's directory is <root>/421/, whose
# path starts with the same characters as <root>/42.
import tempfile
from pathlib import Path

from app.handlers.exports import handle_download_export
from app.http import Request
from app.storage import ExportStorage

with tempfile.TemporaryDirectory() as root:
    storage = ExportStorage(root)
    storage.write(42, "2025/transactions-03.csv", b"date,amount\n2025-03-01,12.50\n")
    storage.write(421, "2025/transactions-03.csv", b"date,amount\n2025-03-02,99999.00\n")
    storage.write(4, "2025/statements-01.csv", b"someone else's statement\n")
    secret = Path(root).parent / "settings.env"

    def download(user_id, relative):
        return handle_download_export(Request("GET", "/account/exports/download", {"file": relative}, user_id), storage)

    own = download(42, "2025/transactions-03.csv")
    assert own.status == 200 and own.body.startswith(b"date,amount\n2025-03-01"), own

    for attempt in ("../../settings.env", "/etc/passwd", "2025/../../4/2025/statements-01.csv", "a\x00b"):
        response = download(42, attempt)
        assert response.status == 404, (attempt, response.status)

    stolen = download(42, "../421/2025/transactions-03.csv")
    assert stolen.status == 404, (
        f"user 42 downloaded user 421's export (status {stolen.status}, body {stolen.body[:40]!r}): "
        "the containment check compares path strings by prefix"
    )
