from datetime import date
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from kb.app import make_app
from kb.search import SearchIndex
from kb.store import Article, ArticleStore

ARTICLES = [
    Article("python-setup", "Python setup", "Install Python 3.11 with pyenv and use one virtualenv per project.\n\n"
            "Run pre-commit before you push.", date(2024, 1, 12)),
    Article("deploys", "Deploying services", "Every deploy goes through the pipeline. Python services ship as "
            "wheels; the C++ indexer ships as a container.", date(2024, 2, 3)),
    Article("on-call", "On-call handbook", "Pages go to the primary first. Escalate after 15 minutes.", date(2024, 3, 9)),
]


def get(app, path, **params):
    environ = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    environ["QUERY_STRING"] = urlencode(params)
    status = []
    body = b"".join(app(environ, lambda code, headers, exc_info=None: status.append(code)))
    return int(status[0].split()[0]), body.decode("utf-8")


def test_title_matches_rank_first_and_every_word_must_match():
    index = SearchIndex(ARTICLES)
    assert [hit.article.slug for hit in index.search("python").hits] == ["python-setup", "deploys"]
    assert [hit.article.slug for hit in index.search("python wheels").hits] == ["deploys"]
    assert index.search("python escalate").total == 0
    assert [hit.article.slug for hit in index.search("C++").hits] == ["deploys"]


def test_suggests_a_correction_when_nothing_matches():
    results = SearchIndex(ARTICLES).search("pyhton virtualenv")
    assert results.total == 0
    assert results.suggestion == (("pyhton", "python"), ("virtualenv", "virtualenv"))
    assert SearchIndex(ARTICLES).search("kubernetes").suggestion is None


def test_results_page():
    app = make_app(ArticleStore(ARTICLES))
    status, body = get(app, "/search", q="pipeline")
    assert status == 200 and "1 article match “pipeline”" in body
    assert "goes through the <mark>pipeline</mark>." in body
    _, body = get(app, "/search", q="pyhton virtualenv")
    assert 'Did you mean <a href="/search?q=python+virtualenv"><em>python</em> virtualenv</a>?' in body
    _, body = get(app, "/search", q='"><b>bold</b>')
    assert "<b>bold" not in body and 'value="&quot;&gt;&lt;b&gt;bold&lt;/b&gt;"' in body
    status, body = get(app, "/a/deploy-guide")
    assert status == 404 and 'value="deploy guide"' in body


def test_pages():
    many = [Article(f"note-{n:02}", f"Note {n:02}", "release notes", date(2024, 1, 1)) for n in range(25)]
    app = make_app(ArticleStore(many))
    _, first = get(app, "/search", q="release")
    assert 'rel="next" href="/search?q=release&amp;page=2"' in first and 'rel="prev"' not in first
    _, last = get(app, "/search", q="release", page="3")
    assert "Note 24" in last and 'rel="next"' not in last
    assert "Note 00" in get(app, "/search", q="release", page="x")[1]
