from datetime import datetime, timedelta

from markupsafe import Markup

from statuspage import filters
from statuspage.models import Component, Incident, Update
from statuspage.render import render_incident_page, render_update_email

NOW = datetime(2024, 5, 2, 14, 30)


def make_incident(body):
    update = Update(posted_at=NOW - timedelta(minutes=10), status="identified", body=body)
    return Incident(
        id=77,
        title="Card payments failing",
        started_at=NOW - timedelta(hours=1, minutes=5),
        components=[Component("payments", "Payments & billing", "outage")],
        updates=[Update(NOW - timedelta(hours=1), "investigating", "Looking into it."), update],
    )


def test_linkify_links_urls_and_incident_references():
    html = filters.linkify("Rollback done (see https://ops.example.com/deploys/812). Same as INC-1042.")
    assert html == Markup(
        'Rollback done (see <a href="https://ops.example.com/deploys/812" rel="nofollow noopener">'
        'https://ops.example.com/deploys/812</a>). Same as <a href="/incidents/1042">INC-1042</a>.'
    )


def test_linkify_keeps_parentheses_that_belong_to_the_url():
    html = filters.linkify("https://en.wikipedia.org/wiki/Mutex_(computing).")
    assert 'href="https://en.wikipedia.org/wiki/Mutex_(computing)"' in html
    assert html.endswith("</a>.")


def test_linkify_escapes_the_text_around_links():
    html = filters.linkify('if x < 3 && y > 2 see https://example.com/?a=1&b=2 "quoted"')
    assert "x &lt; 3 &amp;&amp; y &gt; 2" in html
    assert 'href="https://example.com/?a=1&amp;b=2"' in html
    assert "&#34;quoted&#34;" in html


def test_paragraphs():
    html = filters.paragraphs("First line\nsecond line\n\n  \nNext <b>paragraph</b>\r\n")
    assert html == Markup("<p>First line<br>\nsecond line</p>\n<p>Next &lt;b&gt;paragraph&lt;/b&gt;</p>")


def test_duration():
    assert filters.duration(timedelta(minutes=45, seconds=59)) == "45 min"
    assert filters.duration(timedelta(hours=2, minutes=5)) == "2 h 05 min"


def test_incident_page_escapes_update_bodies():
    page = render_incident_page(make_incident("<img src=x onerror=alert(1)> fixed, see INC-9"), now=NOW)
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; fixed" in page
    assert '<a href="/incidents/9">INC-9</a>' in page
    assert page.index("Identified") < page.index("Investigating")  # newest first
    assert "Identified · ongoing for 1 h 05 min" in page
    assert "Payments &amp; billing" in page


def test_incident_page_poll_state_cannot_close_the_script():
    incident = make_incident("ok")
    incident.title = "</script><script>alert(1)</script>"
    page = render_incident_page(incident, now=NOW)
    assert page.count("</script>") == 2  # the two script tags of the template
    assert '"seen": 2' in page


def test_update_email_parts():
    incident = make_incident("Fix deployed.\n\nNext update in 30 min.")
    email = render_update_email(
        incident,
        incident.updates[-1],
        base_url="https://status.example.com/",
        unsubscribe_url="https://status.example.com/unsubscribe?s=abc&t=1",
    )
    assert email.subject == "[Identified] Card payments failing"
    assert "Fix deployed.\n\nNext update in 30 min." in email.text
    assert "Follow the incident: https://status.example.com/incidents/77" in email.text
    assert "Unsubscribe: https://status.example.com/unsubscribe?s=abc&t=1" in email.text
    assert "<p>Fix deployed.</p>\n<p>Next update in 30 min.</p>" in email.html
    assert 'href="https://status.example.com/unsubscribe?s=abc&amp;t=1"' in email.html


def test_update_email_keeps_plain_text_unescaped():
    incident = make_incident("Payments & refunds are <delayed>.")
    email = render_update_email(
        incident, incident.updates[-1], base_url="https://status.example.com", unsubscribe_url="u"
    )
    assert "Payments & refunds are <delayed>." in email.text
    assert "<p>Payments &amp; refunds are &lt;delayed&gt;.</p>" in email.html
    assert "Payments & billing" in email.text
