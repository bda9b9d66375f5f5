import unittest

from app.users import UserStore
from app.web import auth, pages
from app.web.app import Context
from app.web.http import Request
from app.web.sessions import SessionStore


def cookie_value(response, name):
    """The value the response sets for cookie `name` (None if it sets none)."""
    for header in response.header("Set-Cookie"):
        key, _, value = header.split(";")[0].partition("=")
        if key == name:
            return value
    return None


class AuthTestCase(unittest.TestCase):
    def setUp(self):
        self.users = UserStore()
        self.users.add("ada@example.com", "correct horse")
        self.ctx = Context(self.users, SessionStore())

    def post_login(self, email, password, **kwargs):
        return auth.login(Request("POST", "/login", form={"email": email, "password": password}, **kwargs), self.ctx)


class LoginTests(AuthTestCase):
    def test_login_sets_session_cookie(self):
        response = self.post_login("ada@example.com", "correct horse")
        self.assertEqual(response.status, 303)
        self.assertEqual(response.header("Location"), ["/"])
        token = cookie_value(response, "sid")
        self.assertEqual(self.ctx.sessions.get(token), 1)
        self.assertIn("HttpOnly", response.header("Set-Cookie")[0])

    def test_wrong_password(self):
        response = self.post_login("ada@example.com", "wrong")
        self.assertEqual(response.status, 401)
        self.assertEqual(response.header("Set-Cookie"), [])
        self.assertIn('value="ada@example.com"', response.body)

    def test_login_replaces_the_old_session(self):
        old = self.ctx.sessions.create(1)
        response = self.post_login("ada@example.com", "correct horse", cookies={"sid": old})
        self.assertIsNone(self.ctx.sessions.get(old))
        self.assertNotEqual(cookie_value(response, "sid"), old)


class ReturnToTests(AuthTestCase):
    def test_next_is_remembered_until_signed_in(self):
        form = auth.login_form(Request("GET", "/login", query={"next": "/orders/42"}), self.ctx)
        self.assertEqual(form.status, 200)
        self.assertEqual(cookie_value(form, "return_to"), "/orders/42")
        self.assertIn("Path=/login", form.header("Set-Cookie")[0])

        failed = self.post_login("ada@example.com", "wrong", cookies={"return_to": "/orders/42"})
        self.assertIsNone(cookie_value(failed, "return_to"))

        response = self.post_login("ada@example.com", "correct horse", cookies={"return_to": "/orders/42"})
        self.assertEqual(response.header("Location"), ["/orders/42"])
        self.assertEqual(cookie_value(response, "return_to"), "")

    def test_no_next(self):
        form = auth.login_form(Request("GET", "/login"), self.ctx)
        self.assertEqual(form.header("Set-Cookie"), [])
        response = self.post_login("ada@example.com", "correct horse")
        self.assertEqual(response.header("Location"), ["/"])

    def test_signed_in_users_skip_the_form(self):
        token = self.ctx.sessions.create(1)
        request = Request("GET", "/login", query={"next": "/account"}, cookies={"sid": token})
        response = auth.login_form(request, self.ctx)
        self.assertEqual(response.status, 303)
        self.assertEqual(response.header("Location"), ["/account"])

    def test_next_stays_on_this_site(self):
        for target in ["https://evil.example/", "javascript:alert(1)", "evil.example", ""]:
            with self.subTest(target=target):
                self.assertEqual(auth.safe_next(target), "/")
        for target in ["/", "/account", "/orders/42?tab=items"]:
            with self.subTest(target=target):
                self.assertEqual(auth.safe_next(target), target)

    def test_pages_send_visitors_to_sign_in(self):
        response = pages.account(Request("GET", "/account"), self.ctx)
        self.assertEqual(response.header("Location"), ["/login?next=%2Faccount"])


class LogoutTests(AuthTestCase):
    def test_logout(self):
        token = self.ctx.sessions.create(1)
        request = Request("POST", "/logout", form={"next": "/account"}, cookies={"sid": token})
        response = auth.logout(request, self.ctx)
        self.assertIsNone(self.ctx.sessions.get(token))
        self.assertEqual(response.header("Location"), ["/account"])
        self.assertEqual(cookie_value(response, "sid"), "")
        self.assertIn("Max-Age=0", response.header("Set-Cookie")[0])

    def test_logout_when_not_signed_in(self):
        response = auth.logout(Request("POST", "/logout"), self.ctx)
        self.assertEqual(response.status, 303)
        self.assertEqual(response.header("Location"), ["/"])


if __name__ == "__main__":
    unittest.main()
