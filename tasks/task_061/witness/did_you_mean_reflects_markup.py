# Reflected XSS: a search that matches nothing but has one misspelt word shows "Did you mean ...".
# Its HTML repeats every word the index could not correct exactly as typed, and the template
# inserts it with {{!suggestion}}, so markup in the query reaches the page unescaped.
from datetime import date
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from kb.app import make_app
from kb.store import Article, ArticleStore

app = make_app(ArticleStore([
    Article("python-setup", "Python setup", "Install Python 3.11 with pyenv and one virtualenv per project.", date(2024, 1, 12)),
    Article("deploys", "Deploying services", "Every deploy goes through the pipeline. R&D services ship as wheels.", date(2024, 2, 3)),
]))


def search(query):
    environ = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = "/search"
    environ["QUERY_STRING"] = urlencode({"q": query})
    status = []
    body = b"".join(app(environ, lambda code, headers, exc_info=None: status.append(code))).decode("utf-8")
    assert status[0].startswith("200"), status
    return body


for payload in ["<script>alert(document.cookie)</script>", "<svg/onload=alert(1)>", "<img src=x onerror=alert(1)>"]:
    body = search("pyhton " + payload)
    suggestion = [line for line in body.splitlines() if "Did you mean" in line]
    assert suggestion and "<em>python</em>" in suggestion[0], f"the suggestion is still offered: {body}"
    for tag in ("<script", "<svg", "<img"):
        assert tag not in body, f"the query's markup {payload!r} reaches the page unescaped: {suggestion[0]}"
# Corrected words come from article text and are escaped too.
body = search("r&dd pipelines")
assert "<em>r&amp;d</em>" in body, [line for line in body.splitlines() if "Did you mean" in line]
print("ok")
