import unittest
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from accounts.jobs import JobQueue
from accounts.mail import Outbox
from accounts.service import AccountService
from accounts.settings import Settings
from accounts.store import UserStore
from accounts.tokens import CONFIRM_MAX_AGE, RESET_MAX_AGE, InvalidToken

KEY_2023 = "k" * 40
KEY_2024 = "n" * 40
START = 1_717_200_000.0


class LinksTest(unittest.TestCase):
    def setUp(self):
        self.now = START
        patcher = mock.patch("time.time", lambda: self.now)  # itsdangerous reads time.time()
        patcher.start()
        self.addCleanup(patcher.stop)
        self.users, self.outbox, self.jobs = UserStore(), Outbox(), JobQueue()
        self.service = self.make_service(Settings(KEY_2024, "https://app.test"))

    def make_service(self, settings):
        return AccountService(self.users, self.outbox, self.jobs, settings, clock=lambda: self.now)

    def last_token(self, subject):
        mails = [m for m in self.outbox.take_all() if m.subject == subject]
        self.assertTrue(mails, f"no {subject!r} e-mail")
        url = mails[-1].body.rsplit(" ", 1)[1]
        return parse_qs(urlsplit(url).query)["token"][0]

    def test_sign_up_sends_a_confirmation_link(self):
        user = self.service.register(" Ada@Example.com ", "correct horse")
        token = self.last_token("Confirm your e-mail address")
        self.assertFalse(self.users.get(user.id).email_confirmed)
        self.assertEqual(self.service.confirm_email(token), "confirmed")
        self.assertTrue(self.users.get(user.id).email_confirmed)
        self.assertEqual(self.service.confirm_email(token), "confirmed")

    def test_expired_confirmation_link_sends_a_new_one(self):
        user = self.service.register("ada@example.com", "correct horse")
        token = self.last_token("Confirm your e-mail address")
        self.now += CONFIRM_MAX_AGE + 1
        self.assertEqual(self.service.confirm_email(token), "resent")
        fresh = self.last_token("Confirm your e-mail address")
        self.assertEqual(self.service.confirm_email(token), "expired")
        self.assertEqual(self.outbox.take_all(), [])
        self.assertEqual(self.service.confirm_email(fresh), "confirmed")
        self.assertEqual(self.service.confirm_email(token), "already-confirmed")
        self.assertTrue(self.users.get(user.id).email_confirmed)

    def test_confirmation_link_is_for_one_address(self):
        user = self.service.register("ada@example.com", "correct horse")
        token = self.last_token("Confirm your e-mail address")
        self.users.change_email(user.id, "ada@newjob.example")
        with self.assertRaises(InvalidToken):
            self.service.confirm_email(token)
        self.assertFalse(self.users.get(user.id).email_confirmed)

    def test_reset_link_changes_the_password_once(self):
        self.service.register("ada@example.com", "correct horse")
        self.service.request_password_reset("ADA@example.com")
        self.assertEqual(self.jobs.run_pending(), 1)
        token = self.last_token("Reset your password")
        self.service.reset_password(token, "battery staple")
        self.assertIsNotNone(self.service.authenticate("ada@example.com", "battery staple"))
        with self.assertRaises(InvalidToken):
            self.service.reset_password(token, "another password")
        self.assertIsNone(self.service.authenticate("ada@example.com", "another password"))

    def test_reset_link_expires_after_an_hour(self):
        self.service.register("ada@example.com", "correct horse")
        self.service.request_password_reset("ada@example.com")
        self.jobs.run_pending()
        token = self.last_token("Reset your password")
        self.now += RESET_MAX_AGE + 1
        with self.assertRaises(InvalidToken):
            self.service.reset_password(token, "battery staple")

    def test_unknown_address_gets_no_mail(self):
        self.service.request_password_reset("nobody@example.com")
        self.jobs.run_pending()
        self.assertEqual(self.outbox.take_all(), [])

    def test_links_survive_a_key_rotation(self):
        old = self.make_service(Settings(KEY_2023, "https://app.test"))
        old.register("ada@example.com", "correct horse")
        token = self.last_token("Confirm your e-mail address")
        rotated = self.make_service(Settings(KEY_2024, "https://app.test", old_secret_keys=(KEY_2023,)))
        self.assertEqual(rotated.confirm_email(token), "confirmed")
        with self.assertRaises(InvalidToken):
            self.service.confirm_email(token)  # a service that no longer knows the 2023 key

    def test_settings_read_old_keys(self):
        env = {"APP_SECRET_KEY": KEY_2024, "APP_OLD_SECRET_KEYS": f" {KEY_2023} ,"}
        self.assertEqual(Settings.from_env(env).signing_keys(), [KEY_2023, KEY_2024])
        with self.assertRaises(RuntimeError):
            Settings.from_env({"APP_SECRET_KEY": KEY_2024, "APP_OLD_SECRET_KEYS": "short"})


if __name__ == "__main__":
    unittest.main()
