import unittest

from tabletext import render


class RenderTest(unittest.TestCase):
    def test_headers_and_alignment(self):
        out = render([["web-1", 3], ["db-primary", 12]], headers=["host", "jobs"], aligns=["left", "right"])
        self.assertEqual(
            out.splitlines(),
            [
                "host        jobs",
                "----------  ----",
                "web-1          3",
                "db-primary    12",
            ],
        )

    def test_short_rows_and_none(self):
        out = render([["a", None, "c"], ["b"]])
        self.assertEqual(out.splitlines(), ["a    c", "b"])

    def test_wide_characters_line_up(self):
        out = render([["東京", "up"], ["osaka-2", "down"]], headers=["site", "state"])
        self.assertEqual(
            out.splitlines(),
            [
                "site     state",
                "-------  -----",
                "東京     up",
                "osaka-2  down",
            ],
        )

    def test_max_widths_wrap(self):
        rows = [["web-1", "disk usage above threshold"], ["db-1", "ok"]]
        out = render(rows, headers=["host", "status"], max_widths=[None, 12])
        self.assertEqual(
            out.splitlines(),
            [
                "host   status",
                "-----  ----------",
                "web-1  disk usage",
                "       above",
                "       threshold",
                "db-1   ok",
            ],
        )

    def test_multiline_cells(self):
        out = render([["job-7", "line one\nline two", "x"]])
        self.assertEqual(out.splitlines(), ["job-7  line one  x", "       line two"])

    def test_unknown_align(self):
        with self.assertRaises(ValueError):
            render([["a"]], aligns=["middle"])

    def test_empty(self):
        self.assertEqual(render([]), "")


if __name__ == "__main__":
    unittest.main()
