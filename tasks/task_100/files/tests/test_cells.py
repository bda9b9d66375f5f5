import unittest

from tabletext.cells import display_width, pad, wrap


class DisplayWidthTest(unittest.TestCase):
    def test_widths(self):
        self.assertEqual(display_width("host"), 4)
        self.assertEqual(display_width("東京"), 4)
        self.assertEqual(display_width("cafe\u0301"), 4)  # combining acute accent
        self.assertEqual(display_width("a\x1bb"), 2)

    def test_pad(self):
        self.assertEqual(pad("東京", 6), "東京  ")
        self.assertEqual(pad("東京", 6, "right"), "  東京")
        self.assertEqual(pad("ab", 5, "center"), " ab  ")
        self.assertEqual(pad("toolong", 3), "toolong")


class WrapTest(unittest.TestCase):
    def test_words(self):
        self.assertEqual(wrap("disk usage above  threshold", 10), ["disk usage", "above", "threshold"])

    def test_long_word_is_cut(self):
        self.assertEqual(wrap("aaaaaaaaaaaa", 5), ["aaaaa", "aaaaa", "aa"])
        self.assertEqual(wrap("x aaaaaaa", 5), ["x", "aaaaa", "aa"])

    def test_wide_characters(self):
        self.assertEqual(wrap("東京都 大阪府", 6), ["東京都", "大阪府"])
        self.assertEqual(wrap("北海道札幌市", 4), ["北海", "道札", "幌市"])

    def test_line_breaks_and_empty(self):
        self.assertEqual(wrap("first line\nsecond", 20), ["first line", "second"])
        self.assertEqual(wrap("", 8), [""])

    def test_width_too_small(self):
        with self.assertRaises(ValueError):
            wrap("abc", 1)


if __name__ == "__main__":
    unittest.main()
