import unittest

from mailer.compose import compose
from mailer.filters import money
from mailer.template import Template, TemplateError, render

ORDER = {
    "customer": {"first_name": "Ada"},
    "order": {"number": "LC-10482", "total_display": "£42.10"},
}
REFUND = {
    **ORDER,
    "refund": {"amount_pence": 1250, "agent_name": "Sam", "note": "Sorry <Ada>,\nthe eggs & milk were off."},
}


class RenderTest(unittest.TestCase):
    def test_values_are_escaped(self):
        self.assertEqual(render("<p>{{ name }}</p>", {"name": "<b>Tom & Jerry</b>"}), "<p>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</p>")

    def test_dotted_names(self):
        self.assertEqual(render("{{ order.number }}", ORDER), "LC-10482")

    def test_missing_value_is_an_error(self):
        with self.assertRaises(TemplateError):
            render("{{ order.status }}", ORDER)

    def test_text_templates_do_not_escape(self):
        self.assertEqual(Template("{{ name }}", "text").render({"name": "Tom & Jerry"}), "Tom & Jerry")

    def test_filters(self):
        self.assertEqual(render("{{ p|money }}", {"p": 123456}), "£1,234.56")
        self.assertEqual(render("{{ note | nl2br }}", {"note": "a < b\nc"}), "a &lt; b<br>\nc")

    def test_malformed_templates_are_rejected(self):
        for source, kind in (("{{ name", "html"), ("{{ Name }}", "html"), ("{{ p|cents }}", "html"), ("{{ n|nl2br }}", "text")):
            with self.subTest(source=source, kind=kind), self.assertRaises(TemplateError):
                Template(source, kind)


class MoneyTest(unittest.TestCase):
    def test_amounts(self):
        self.assertEqual([money(p) for p in (0, 5, 100, -250, -5)], ["£0.00", "£0.05", "£1.00", "-£2.50", "-£0.05"])

    def test_only_whole_pence(self):
        for value in (12.5, "1250", True):
            with self.subTest(value=value), self.assertRaises(TypeError):
                money(value)


class ComposeTest(unittest.TestCase):
    def test_order_confirmed(self):
        message = compose("order_confirmed", ORDER, to="ada@example.com")
        self.assertEqual(message["To"], "ada@example.com")
        self.assertEqual(message["Subject"], "Your Larder & Co. order LC-10482 is confirmed")
        text, html = message.iter_parts()
        self.assertIn("Total paid: £42.10", text.get_content())
        self.assertEqual(html.get_content_type(), "text/html")

    def test_refund_issued(self):
        message = compose("refund_issued", REFUND, to="ada@example.com")
        self.assertEqual(message["Subject"], "We have refunded £12.50 for order LC-10482")
        text, html = (part.get_content() for part in message.iter_parts())
        self.assertIn("Sorry <Ada>,\nthe eggs & milk were off.", text)
        self.assertIn("Sorry &lt;Ada&gt;,<br>\nthe eggs &amp; milk were off.", html)

    def test_unknown_email(self):
        with self.assertRaises(ValueError):
            compose("welcome", ORDER, to="ada@example.com")


if __name__ == "__main__":
    unittest.main()
