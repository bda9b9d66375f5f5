"""The handbook web app: bottle routes over the article store."""
from __future__ import annotations

import argparse

import bottle

from kb import pages
from kb.search import SearchIndex
from kb.store import ArticleStore

PER_PAGE = 10


def make_app(store: ArticleStore) -> bottle.Bottle:
    app = bottle.Bottle()
    index_ = SearchIndex(store.all())

    @app.get("/")
    def index():
        return pages.index(store.all())

    @app.get("/a/<slug>")
    def article(slug):
        item = store.get(slug)
        if item is None:
            bottle.response.status = 404
            return pages.not_found(slug)
        return pages.article(item)

    @app.get("/search")
    def search():
        query = bottle.request.query.q.strip()
        page = _page_number(bottle.request.query.page)
        results = index_.search(query, page=page, per_page=PER_PAGE) if query else None
        return pages.search(query, results, page, PER_PAGE)

    return app


def _page_number(text):
    """The `page` parameter: a positive number, else the first page."""
    try:
        number = int(text)
    except ValueError:
        return 1
    return max(number, 1)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Serve the handbook.")
    parser.add_argument("folder", help="the folder of <slug>.txt articles")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    bottle.run(make_app(ArticleStore.from_folder(args.folder)), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
