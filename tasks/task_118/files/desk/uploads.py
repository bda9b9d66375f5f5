"""Checking uploaded attachments before they are stored.

What a file is is decided from its first bytes, never from the name or the Content-Type the
browser sent: both are whatever the client says they are. Only the types below are accepted.
"""

from __future__ import annotations

import bottle

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Types a browser may show in the page; anything else is always sent as a download.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})

EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


class Rejected(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def sniff_type(data: bytes) -> str | None:
    """The media type of `data` from its signature, or None when it is not one we accept."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    # RIFF container: "RIFF", a 4-byte little-endian size, then the form type.
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def read_upload(upload: bottle.FileUpload, limit: int = MAX_ATTACHMENT_BYTES) -> tuple[bytes, str]:
    """The uploaded bytes and their sniffed type. Raises Rejected for an empty, oversized or
    unsupported file. Reads at most one byte more than `limit`, whatever the upload's size."""
    data = upload.file.read(limit + 1)
    if not data:
        raise Rejected(400, "The file is empty.")
    if len(data) > limit:
        raise Rejected(413, f"Attachments are limited to {limit // (1024 * 1024)} MB.")
    media_type = sniff_type(data)
    if media_type is None:
        raise Rejected(415, "Only PNG, JPEG, GIF, WebP and PDF files can be attached.")
    return data, media_type


def display_name(upload: bottle.FileUpload, media_type: str) -> str:
    """The name the attachment is listed and downloaded under: the client's file name as
    bottle cleans it up (FileUpload.filename), with the extension of its real type."""
    stem = upload.filename.rsplit(".", 1)[0] if "." in upload.filename else upload.filename
    return (stem or "attachment")[:100] + EXTENSIONS[media_type]
