import os
import unittest

from desk import uploads
from tests.client import Client
from tests.test_app import DeskCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 30


class AttachmentTest(DeskCase):
    def setUp(self):
        super().setUp()
        self.ann = Client(self.app, "s1")
        self.ticket = self.ann.post_form("/tickets", {"subject": "Scanner jams"})[2]["id"]
        self.url = f"/tickets/{self.ticket}/attachments"

    def test_upload_and_download_a_picture(self):
        status, _, body = self.ann.post_file(self.url, "file", "jam 1.png", PNG, "image/png")
        self.assertEqual(status, 201)
        self.assertEqual((body["name"], body["media_type"], body["size"]), ("jam-1.png", "image/png", len(PNG)))
        listed = self.ann.get(f"/tickets/{self.ticket}")[2]["attachments"]
        self.assertEqual([a["id"] for a in listed], [body["id"]])

        status, headers, data = self.ann.get(f"/attachments/{body['id']}")
        self.assertEqual((status, data), (200, PNG))
        self.assertEqual(headers["Content-Type"], "image/png")
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertNotIn("Content-Disposition", headers)

    def test_pdf_is_downloaded_under_its_name(self):
        body = self.ann.post_file(self.url, "file", "invoice.PDF", PDF)[2]
        status, headers, _ = self.ann.get(f"/attachments/{body['id']}")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/pdf")
        self.assertEqual(headers["Content-Disposition"], 'attachment; filename="invoice.pdf"')

    def test_type_comes_from_the_content(self):
        body = self.ann.post_file(self.url, "file", "photo.gif", WEBP, "image/gif")[2]
        self.assertEqual((body["name"], body["media_type"]), ("photo.webp", "image/webp"))
        html = b"<html><script>alert(1)</script></html>"
        self.assertEqual(self.ann.post_file(self.url, "file", "cat.png", html, "image/png")[0], 415)

    def test_empty_and_missing_files(self):
        self.assertEqual(self.ann.post_file(self.url, "file", "a.png", b"")[0], 400)
        self.assertEqual(self.ann.post_file(self.url, "other", "a.png", PNG)[0], 400)

    def test_size_limit(self):
        limit = uploads.MAX_ATTACHMENT_BYTES
        self.assertEqual(self.ann.post_file(self.url, "file", "big.pdf", PDF.ljust(limit, b" "))[0], 201)
        self.assertEqual(self.ann.post_file(self.url, "file", "bigger.pdf", PDF.ljust(limit + 1, b" "))[0], 413)
        self.assertEqual(len(os.listdir(os.path.join(self.tmp.name, "uploads"))), 1)

    def test_only_people_who_see_the_ticket_see_its_files(self):
        attachment = self.ann.post_file(self.url, "file", "a.png", PNG)[2]["id"]
        bob, agent = Client(self.app, "s2"), Client(self.app, "s3")
        self.assertEqual(bob.post_file(self.url, "file", "b.png", PNG)[0], 404)
        self.assertEqual(bob.get(f"/attachments/{attachment}")[0], 404)
        self.assertEqual(agent.get(f"/attachments/{attachment}")[0], 200)
        self.assertEqual(agent.post_file(self.url, "file", "c.png", PNG)[0], 201)
        self.assertEqual(self.ann.get("/attachments/" + "0" * 32)[0], 404)

