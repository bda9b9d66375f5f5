import unittest
from urllib.parse import parse_qs, urlsplit

from app.catalog.records import SAMPLE, Title
from app.catalog.search import page_of, search
from app.web.catalog import search_handler


def ids(titles):
    return [t.id for t in titles]


class SearchTest(unittest.TestCase):
    def test_all_terms_must_match(self):
        self.assertEqual(ids(search(SAMPLE, "le guin darkness")), [1])

    def test_format_filter(self):
        self.assertEqual(ids(search(SAMPLE, "earthsea", "audiobook")), [3])

    def test_title_order_ignores_case(self):
        self.assertEqual(ids(search(SAMPLE, "le guin")), [2, 3, 6, 1])

    def test_relevance_prefers_title_matches(self):
        about_clarke = Title(8, "Susanna Clarke: A Life", "Wood, James", 2023, "book", 1)
        self.assertEqual(ids(search([*SAMPLE, about_clarke], "clarke", sort="relevance")), [8, 5, 4])

    def test_sort_by_year_both_ways(self):
        self.assertEqual(ids(search(SAMPLE, "le guin", sort="year")), [2, 3, 1, 6])
        self.assertEqual(ids(search(SAMPLE, "le guin", sort="-year")), [6, 1, 3, 2])

    def test_unknown_sort(self):
        with self.assertRaises(ValueError):
            search(SAMPLE, "", sort="available")

    def test_pages(self):
        hits = search(SAMPLE, "")
        self.assertEqual([ids(page_of(hits, n, 3).items) for n in (1, 2, 3, 4)], [[2, 3, 7], [5, 4, 6], [1], []])
        self.assertEqual(page_of(hits, 3, 3).count, 3)


class HandlerTest(unittest.TestCase):
    def test_first_page_links_to_the_next(self):
        status, body = search_handler({"q": ["le guin"], "per_page": ["10"], "sort": ["-year"]}, SAMPLE)
        self.assertEqual(status, 200)
        self.assertEqual((body["total"], body["pages"], body["next"], body["previous"]), (4, 1, None, None))
        status, body = search_handler({"per_page": ["10"]}, SAMPLE * 2)
        self.assertEqual(parse_qs(urlsplit(body["next"]).query), {"sort": ["relevance"], "per_page": ["10"], "page": ["2"]})

    def test_bad_parameters(self):
        for params in ({"format": ["vinyl"]}, {"sort": ["id"]}, {"per_page": ["1000"]}, {"page": ["0"]}, {"page": ["x"]}):
            with self.subTest(params=params):
                self.assertEqual(search_handler(params, SAMPLE)[0], 400)


if __name__ == "__main__":
    unittest.main()
