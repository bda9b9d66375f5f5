"""The PR's rendering is safe and correct on hostile input (clean PR)."""
import re
from datetime import datetime, timedelta

from markupsafe import Markup

from statuspage import filters
from statuspage.models import Component, Incident, Update
from statuspage.render import render_incident_page, render_update_email

NOW = datetime(2024, 5, 2, 14, 30)
HOSTILE = (
    'Done <script>alert(1)</script> "><img src=x onerror=alert(2)>\n'
    "see https://evil.example/x\"onmouseover=alert(3) and https://a.example/?q=<svg/onload=alert(4)>\n\n"
    "javascript:alert(5) INC-12 (https://en.wikipedia.org/wiki/Mutex_(computing)). 'x'"
)

# linkify / paragraphs: the typed text is escaped, only the filter's own tags are markup.
html = filters.paragraphs(HOSTILE)
assert isinstance(html, Markup)
tags = re.findall(r"<(/?\w+)", str(html))
assert set(tags) <= {"p", "/p", "br", "a", "/a"}, f"unexpected tags: {set(tags)}"
for href in re.findall(r'href="([^"]*)"', str(html)):
    assert href.startswith(("https://", "/incidents/")), href
    assert "<" not in href and ">" not in href and '"' not in href, href
assert 'href="https://evil.example/x"' in html, html
assert "onmouseover=alert(3)" in html and 'x" onmouseover' not in html
assert 'href="/incidents/12"' in html
assert 'href="https://en.wikipedia.org/wiki/Mutex_(computing)"' in html and "</a>)." in html
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
assert "javascript:alert(5)" in html and 'href="javascript' not in html
assert filters.linkify("<b>") == Markup("&lt;b&gt;")
assert filters.duration(timedelta(hours=26, minutes=3)) == "26 h 03 min"
assert filters.duration(timedelta(seconds=-5)) == "0 min"

incident = Incident(
    id=5,
    title="</script><script>alert('t')</script><!-- & co",
    started_at=NOW - timedelta(minutes=90),
    components=[Component("api", "API <v2> & webhooks", "degraded")],
    updates=[Update(NOW - timedelta(minutes=5), "monitoring", HOSTILE)],
)

# The incident page: |safe on the filter output and on the poll state cannot inject markup.
page = render_incident_page(incident, now=NOW)
assert page.count("<script") == 2 and page.count("</script>") == 2, "the title escaped the script block"
poll = re.search(r"window\.incidentPoll = (.*);\n", page).group(1)
assert "<" not in poll and ">" not in poll and "'" not in poll, poll
import json

assert json.loads(poll) == {"url": "/incidents/5/updates.json", "seen": 1, "title": incident.title}
assert "<img" not in page and "<svg" not in page and "onerror=alert(2)&gt;" in page
assert "API &lt;v2&gt; &amp; webhooks" in page
assert "Monitoring · ongoing for 1 h 30 min" in page

# The e-mail: HTML part escaped; the text part is plain text and shows the update as typed.
email = render_update_email(
    incident, incident.updates[0], base_url="https://status.example.com/", unsubscribe_url="https://s.example/u?a=1&b=\"2"
)
assert "<script>" not in email.html and "<img" not in email.html
assert 'href="https://s.example/u?a=1&amp;b=&#34;2"' in email.html
assert HOSTILE in email.text, "text part should carry the update verbatim"
assert "API <v2> & webhooks" in email.text
assert "\n" not in email.subject and email.subject.startswith("[Monitoring] </script>")
print("ok")
