import time
import unittest
from unittest import mock

from newsletter.links import UNSUBSCRIBE_MAX_AGE, InvalidLink, LinkSigner
from newsletter.mailer import DigestMailer
from newsletter.settings import Settings
from newsletter.store import SubscriberStore
from newsletter.web import NewsletterPages

KEY_A = "a" * 40
KEY_B = "b" * 40


def settings(secret_key=KEY_A, previous=()):
    return Settings(secret_key, "https://news.test", "digest@news.test", tuple(previous))


def token_of(url):
    return url.rsplit("/", 1)[1]


class LinkTests(unittest.TestCase):
    def setUp(self):
        self.store = SubscriberStore()
        self.alice = self.store.add("Alice@example.com", {"weekly", "offers"})
        self.links = LinkSigner(settings())
        self.pages = NewsletterPages(self.links, self.store, {7: "<h1>Issue 7</h1>"}, {"weekly": "the Weekly"})

    def test_view_link_is_for_one_issue(self):
        url = self.links.view_url(7, self.alice)
        token = url.split("?t=", 1)[1]
        self.assertEqual(self.links.read_view_token(token, 7), self.alice.id)
        with self.assertRaises(InvalidLink):
            self.links.read_view_token(token, 8)
        self.assertEqual(self.pages.view_issue(7, token).status, 200)
        self.assertEqual(self.pages.view_issue(7, token[:-2] + "xx").status, 404)

    def test_one_click_unsubscribe(self):
        token = token_of(self.links.unsubscribe_url(self.alice, "weekly"))
        form = self.pages.unsubscribe_form(token)
        self.assertIn("the Weekly", form.body)
        self.assertIn("weekly", self.alice.lists)  # a GET changes nothing
        self.assertEqual(self.pages.unsubscribe(token).status, 200)
        self.assertEqual(self.alice.lists, {"offers"})
        self.assertEqual(self.pages.unsubscribe(token).status, 200)  # a repeat click is fine

    def test_unsubscribe_link_cannot_view_issues(self):
        token = token_of(self.links.unsubscribe_url(self.alice, "weekly"))
        self.assertEqual(self.pages.view_issue(7, token).status, 404)

    def test_unsubscribe_link_expires(self):
        token = token_of(self.links.unsubscribe_url(self.alice, "weekly"))
        later = time.time() + UNSUBSCRIBE_MAX_AGE + 60
        with mock.patch("time.time", return_value=later):
            with self.assertRaises(InvalidLink):
                self.links.read_unsubscribe_token(token)

    def test_links_signed_before_a_rotation_still_work(self):
        token = token_of(self.links.unsubscribe_url(self.alice, "weekly"))
        rotated = LinkSigner(settings(secret_key=KEY_B, previous=[KEY_A]))
        self.assertEqual(rotated.read_unsubscribe_token(token), (self.alice.id, "weekly"))
        retired = LinkSigner(settings(secret_key=KEY_B))
        with self.assertRaises(InvalidLink):
            retired.read_unsubscribe_token(token)

    def test_previous_keys_from_env(self):
        env = {"NEWSLETTER_SECRET_KEY": KEY_B, "NEWSLETTER_PREVIOUS_SECRET_KEYS": f" {KEY_A} ,"}
        self.assertEqual(Settings.from_env(env).previous_secret_keys, (KEY_A,))
        with self.assertRaises(RuntimeError):
            Settings.from_env({"NEWSLETTER_SECRET_KEY": KEY_B, "NEWSLETTER_PREVIOUS_SECRET_KEYS": "short"})

    def test_digest_carries_list_unsubscribe_headers(self):
        msg = DigestMailer(settings(), self.links).build("weekly", "the Weekly", 7, "Issue 7", "<p>hi</p>", self.alice)
        header = msg["List-Unsubscribe"]
        self.assertTrue(header.startswith("<https://news.test/unsubscribe/"))
        self.assertEqual(msg["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertEqual(self.links.read_unsubscribe_token(token_of(header.strip("<>"))), (self.alice.id, "weekly"))


if __name__ == "__main__":
    unittest.main()
