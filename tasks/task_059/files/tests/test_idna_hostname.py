"""Tests for the hostname helpers"""

import unittest

import idna


class HostnameToAsciiTests(unittest.TestCase):
    def test_folds_spellings_of_one_name(self):
        for host in [
            "xn--bcher-kva.example",
            "Bücher.Example",
            "B\u00fccher.example.",
            "XN--BCHER-KVA.EXAMPLE.",
            "\uff22\u00fccher\uff0eexample",
            "bu\u0308cher.example",
        ]:
            self.assertEqual(idna.hostname_to_ascii(host), "xn--bcher-kva.example", host)

    def test_ip_addresses(self):
        self.assertEqual(idna.hostname_to_ascii("192.0.2.1"), "192.0.2.1")
        self.assertEqual(idna.hostname_to_ascii("[2001:DB8::0:1]"), "2001:db8::1")
        self.assertEqual(idna.hostname_to_ascii("2001:db8:0:0:0:0:0:1"), "2001:db8::1")

    def test_invalid_hosts(self):
        for host in [
            "",
            ".",
            "example..com",
            "example.com..",
            "-example.com",
            "under_score.example",
            "example.com:443",
            "exa mple.com",
            "*.example.com",
            "a" * 64 + ".example",
        ]:
            self.assertRaises(idna.IDNAError, idna.hostname_to_ascii, host)

    def test_to_unicode(self):
        self.assertEqual(idna.hostname_to_unicode("XN--BCHER-KVA.example."), "b\u00fccher.example")
        self.assertEqual(idna.hostname_to_unicode("[::1]"), "::1")


class HostnameMatchesTests(unittest.TestCase):
    def test_exact_names(self):
        self.assertTrue(idna.hostname_matches("example.com", "EXAMPLE.com."))
        self.assertTrue(idna.hostname_matches("b\u00fccher.example", "xn--bcher-kva.example"))
        self.assertFalse(idna.hostname_matches("example.com", "www.example.com"))
        self.assertTrue(idna.hostname_matches("2001:db8::1", "[2001:db8:0::1]"))

    def test_wildcard_is_one_label(self):
        self.assertTrue(idna.hostname_matches("*.example.com", "www.example.com"))
        self.assertTrue(idna.hostname_matches("*.example.com", "xn--bcher-kva.example.com"))
        self.assertTrue(idna.hostname_matches("*.example.com.", "WWW.Example.Com"))
        self.assertFalse(idna.hostname_matches("*.example.com", "example.com"))
        self.assertFalse(idna.hostname_matches("*.example.com", "a.b.example.com"))
        self.assertFalse(idna.hostname_matches("*.example.com", "wwwexample.com"))

    def test_wildcard_never_matches_an_ip_address(self):
        self.assertFalse(idna.hostname_matches("*.0.2.1", "192.0.2.1"))
        self.assertTrue(idna.hostname_matches("192.0.2.1", "192.0.2.1"))

    def test_invalid_host_matches_nothing(self):
        self.assertFalse(idna.hostname_matches("*.example.com", "a_b.example.com"))
        self.assertFalse(idna.hostname_matches("*.example.com", "*.example.com"))

    def test_invalid_patterns(self):
        for pattern in ["*.com", "w*.example.com", "*", "*.", "www.*.example.com", ""]:
            self.assertRaises(idna.IDNAError, idna.hostname_matches, pattern, "www.example.com")


if __name__ == "__main__":
    unittest.main()
