# Clean PR: HTML parts escape every value (Markup comes only from nl2br, which escapes each line
# first), plain-text parts and subjects carry values verbatim but only into text/plain and the
# Subject header, where every line break is collapsed. This renders every catalog email with hostile
# values and checks the parsed message, plus the filters' edge cases.
import email
import email.policy
from html.parser import HTMLParser

from mailer import filters
from mailer.catalog import CATALOG
from mailer.compose import compose
from mailer.filters import Markup, money, nl2br
from mailer.template import Template, TemplateError, render

XSS = "<script>alert('x')</script>\"'><img src=x onerror=alert(1)>&amp;"
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def template_tags(source):
    parser = Tags()
    parser.feed(source)
    return parser.tags


def context(note, number="LC-10482"):
    return {
        "customer": {"first_name": XSS},
        "order": {"number": number, "total_display": XSS},
        "shipment": {"carrier": XSS, "tracking_number": XSS},
        "refund": {"amount_pence": -1999, "agent_name": XSS, "note": note},
    }


note = f"first {XSS}\nsecond & third\r\nfourth{{{{ customer.first_name }}}}\\1\\g<0>"
for name, tmpl in CATALOG.items():
    for brk in BREAKS:
        hostile_number = f"LC-1{brk}Bcc: victim@example.com{brk}{brk}<b>body</b>"
        message = compose(name, context(note, hostile_number), to="ada@example.com")
        raw = message.as_bytes()
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert parsed["Bcc"] is None, f"{name}: a value injected a header ({brk!r})"
        subject = parsed["Subject"].strip()  # a long subject is folded right after "Subject:"
        assert subject == message["Subject"], (subject, message["Subject"])
        assert not any(b in subject for b in BREAKS), f"{name}: line break left in subject {subject!r}"
        assert "LC-1 Bcc: victim@example.com <b>body</b>" in subject, subject
        assert parsed.get_content_type() == "multipart/alternative"
        text_part, html_part = parsed.iter_parts()
        assert text_part.get_content_type() == "text/plain" and html_part.get_content_type() == "text/html"
        text, html = text_part.get_content(), html_part.get_content()

        # HTML: exactly the template's own tags (plus one <br> per line break of a nl2br'd note),
        # no attributes, and the hostile text shows up as text.
        parser = Tags()
        parser.feed(html)
        expected = template_tags(tmpl.html)
        if "nl2br" in tmpl.html:
            expected += ["br"] * (len(note.splitlines()) - 1)
        assert sorted(parser.tags) == sorted(expected), f"{name}: markup from a value: {parser.tags}"
        assert parser.attrs == [], f"{name}: attributes from a value: {parser.attrs}"
        shown = "".join(parser.text)
        if "customer.first_name" in tmpl.html:
            assert XSS in shown, f"{name}: value not shown literally in HTML"
        assert "{{" not in html or "{{ customer.first_name }}" in shown, "value was re-parsed as a template"

        # Text: values verbatim (escaping here would show &lt; to the reader).
        if "customer.first_name" in tmpl.text:
            assert XSS in text and "&lt;" not in text.replace("&amp;", ""), f"{name}: text part was escaped"
        if name == "refund_issued":
            assert "{{ customer.first_name }}\\1\\g<0>" in text and "{{ customer.first_name }}\\1\\g<0>" in shown
            assert "-£19.99" in subject and "-£19.99" in text and "-£19.99" in shown

# Subject of the pre-existing email no longer shows &amp;.
assert compose("order_confirmed", context("x"), to="a@example.com")["Subject"].startswith("Your Larder & Co. order")

# Filters.
cases = {0: "£0.00", 1: "£0.01", 99: "£0.99", 100: "£1.00", 101: "£1.01", -1: "-£0.01", -99: "-£0.99",
         -100: "-£1.00", -101: "-£1.01", -123456: "-£1,234.56", 10**12: "£10,000,000,000.00"}
for pence, shown in cases.items():
    assert money(pence) == shown, (pence, money(pence), shown)
for bad in (1.5, 2.0, "100", True, False, None):
    try:
        money(bad)
    except TypeError:
        pass
    else:
        raise AssertionError(f"money accepted {bad!r}")
assert nl2br("") == "" and isinstance(nl2br(""), Markup)
assert nl2br("a\r\nb\rc\n") == "a<br>\nb<br>\nc"
assert nl2br("&amp; <br>") == "&amp;amp; &lt;br&gt;", "literal text must stay literal"
for filter_name, apply in filters.HTML_FILTERS.items():
    try:
        out = apply(XSS + "\n" + XSS)
    except TypeError:
        continue
    if isinstance(out, Markup):
        assert out.replace("<br>", "").count("<") == 0, f"{filter_name} returned unescaped markup"
assert set(filters.TEXT_FILTERS) <= set(filters.HTML_FILTERS)
assert not any(isinstance(f("a<b"), Markup) for f in filters.TEXT_FILTERS.values() if f is not money)

# Only names the templates spell out are reachable, and malformed templates fail at compile time.
class Order:
    number = "LC-7"
    _secret = "hidden"

assert render("{{ order.number }}", {"order": Order()}) == "LC-7"
for source in ("{{ order.__class__ }}", "{{ order._secret }}", "{{ order.number", "{{ order.number|nl2br|Money }}",
               "{{order.number}} {{ x y }}", "{{ order.number|safe }}"):
    try:
        Template(source, "html")
    except TemplateError:
        pass
    else:
        raise AssertionError(f"template {source!r} compiled")
try:
    Template("{{ refund.note|nl2br }}", "text")
except TemplateError:
    pass
else:
    raise AssertionError("nl2br must not be available to text templates")
for missing in ({}, {"order": {}}, {"order": {"number": None}}):
    try:
        render("{{ order.number }}", missing)
    except TemplateError:
        pass
    else:
        raise AssertionError(f"missing value rendered: {missing}")

print("ok: emails escape and collapse values where they must")
