"""HTML pages, rendered with bottle's SimpleTemplate: ``{{x}}`` inserts x escaped, ``{{!x}}`` as it is."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from bottle import SimpleTemplate, html_escape

SNIPPET_CHARS = 160

LAYOUT = SimpleTemplate("""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{title}} · Handbook</title></head>
<body>
<header>
  <a href="/">Handbook</a>
  <form action="/search" method="get" role="search">
    <input type="search" name="q" value="{{query}}" placeholder="Search the handbook" aria-label="Search">
  </form>
</header>
<main>
{{!content}}
</main>
</body>
</html>
""")

INDEX = SimpleTemplate("""<h1>All articles</h1>
<ul class="articles">
% for article in articles:
  <li><a href="/a/{{article.slug}}">{{article.title}}</a> <small>{{article.updated.isoformat()}}</small></li>
% end
</ul>
""")

ARTICLE = SimpleTemplate("""<article>
<h1>{{article.title}}</h1>
% for paragraph in article.paragraphs:
<p>{{paragraph}}</p>
% end
<footer>Last updated {{article.updated.isoformat()}}</footer>
</article>
""")

NOT_FOUND = SimpleTemplate("""<h1>Not found</h1>
<p>There is no article at <code>/a/{{slug}}</code>. It may have been renamed: try the search box above,
or browse <a href="/">all articles</a>.</p>
""")

SEARCH = SimpleTemplate("""<h1>Search</h1>
% if not query:
<p>Type a few words into the search box above.</p>
% elif results.total:
<p class="summary">{{results.total}} article{{"" if results.total == 1 else "s"}} match “{{query}}”.</p>
<ol class="results" start="{{first}}">
%   for hit in results.hits:
  <li><a href="/a/{{hit.article.slug}}">{{hit.article.title}}</a>
    <p class="snippet">{{!snippets[hit.article.slug]}}</p></li>
%   end
</ol>
% else:
<p class="summary">No articles match “{{query}}”.</p>
% end
% if suggestion:
<p class="suggestion">Did you mean <a href="{{suggestion_url}}">{{!suggestion}}</a>?</p>
% end
% if prev_url or next_url:
<nav class="pages">
%   if prev_url:
  <a rel="prev" href="{{prev_url}}">Previous</a>
%   end
%   if next_url:
  <a rel="next" href="{{next_url}}">Next</a>
%   end
</nav>
% end
""")


def _page(title, content, query=""):
    """`content` is the HTML of the page's main part, rendered by one of the templates above; `query`
    fills the search box."""
    return LAYOUT.render(title=title, content=content, query=query)


def index(articles):
    return _page("All articles", INDEX.render(articles=articles))


def article(item):
    return _page(item.title, ARTICLE.render(article=item))


def not_found(slug):
    return _page("Not found", NOT_FOUND.render(slug=slug), query=slug.replace("-", " "))


def search_url(query, page=1):
    params = {"q": query} if page == 1 else {"q": query, "page": page}
    return "/search?" + urlencode(params)


def search(query, results, page, per_page):
    """The results page; `results` is None when there is no query."""
    first = (page - 1) * per_page + 1
    prev_url = search_url(query, page - 1) if results and results.total and page > 1 else None
    next_url = search_url(query, page + 1) if results and first - 1 + per_page < results.total else None
    suggestion = results.suggestion if results else None
    content = SEARCH.render(
        query=query,
        results=results,
        first=first,
        snippets={hit.article.slug: snippet(hit.article.body, results.terms) for hit in results.hits} if results else {},
        suggestion=_suggestion_html(suggestion) if suggestion else "",
        suggestion_url=search_url(" ".join(fixed for _, fixed in suggestion)) if suggestion else "",
        prev_url=prev_url,
        next_url=next_url,
    )
    return _page("Search: " + query if query else "Search", content, query=query)


def _suggestion_html(pairs):
    """The corrected query, with the words we changed in <em>, as search engines show it."""
    words = []
    for typed, fixed in pairs:
        if fixed == typed:
            words.append(fixed)
        else:
            words.append("<em>%s</em>" % fixed)
    return " ".join(words)


def snippet(text, words):
    """About SNIPPET_CHARS of `text` from a little before the first of `words` in it (or from the start),
    escaped, with every occurrence of a word in <mark>."""
    pattern = _words_pattern(words)
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - SNIPPET_CHARS // 4) if found else 0
    excerpt = text[start:start + SNIPPET_CHARS]
    parts, position = [], 0
    for match in pattern.finditer(excerpt) if pattern else ():
        parts.append(html_escape(excerpt[position:match.start()]))
        parts.append("<mark>%s</mark>" % html_escape(match.group()))
        position = match.end()
    parts.append(html_escape(excerpt[position:]))
    before = "… " if start else ""
    after = " …" if start + SNIPPET_CHARS < len(text) else ""
    return before + "".join(parts) + after


def _words_pattern(words):
    """Any of `words` as a whole word, case-insensitively; longest first so "c++" wins over "c"."""
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternatives, re.IGNORECASE)
