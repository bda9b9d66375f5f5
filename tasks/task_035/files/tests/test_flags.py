import json
import tempfile
import unittest
from pathlib import Path

from flags.config import ConfigError, load_flags
from flags.evaluate import FeatureFlags, UnknownFlag, bucket


class FlagsTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.path = Path(tmp.name) / "flags.json"

    def write(self, data):
        self.path.write_text(json.dumps(data), encoding="utf-8")
        return self.path

    def test_on_and_off(self):
        flags = FeatureFlags.from_file(self.write({"new_checkout": True, "pdf_invoices": False}), environ={})
        self.assertTrue(flags.is_enabled("new_checkout"))
        self.assertFalse(flags.is_enabled("pdf_invoices"))
        self.assertEqual(flags.names(), ["new_checkout", "pdf_invoices"])

    def test_unknown_flag(self):
        flags = FeatureFlags.from_file(self.write({"new_checkout": True}), environ={})
        with self.assertRaises(UnknownFlag):
            flags.is_enabled("new_chekout")

    def test_rejects_malformed_files(self):
        bad = [
            [], {"Bad-Name": True}, {"x": "yes"}, {"x": 1}, {"x": {"rollout": 5}},
            {"x": {"enabled": True, "rollout": 101}}, {"x": {"enabled": True, "rollout": True}},
            {"x": {"enabled": True, "rollout": 12.5}}, {"x": {"enabled": True, "tenants": "acme"}},
            {"x": {"enabled": True, "rolout": 5}},
        ]
        for data in bad:
            with self.assertRaises(ConfigError):
                load_flags(self.write(data))

    def test_missing_file(self):
        with self.assertRaises(ConfigError):
            load_flags(self.path)

    def test_rollout_share_is_stable(self):
        flags = FeatureFlags.from_file(self.write({"new_search": {"enabled": True, "rollout": 25}}), environ={})
        chosen = {user for user in range(10_000) if flags.is_enabled("new_search", user_id=user)}
        self.assertTrue(2300 < len(chosen) < 2700, len(chosen))
        self.assertEqual(chosen, {user for user in range(10_000) if bucket("new_search", user) < 25})
        self.assertFalse(flags.is_enabled("new_search"), "no user, no partial rollout")

    def test_tenants_and_kill_switch(self):
        a = {"enabled": True, "rollout": 0, "tenants": ["acme"]}
        flags = FeatureFlags.from_file(self.write({"a": a, "b": {"enabled": False, "tenants": ["acme"]}}), environ={})
        self.assertTrue(flags.is_enabled("a", user_id=1, tenant="acme"))
        self.assertFalse(flags.is_enabled("a", user_id=1, tenant="globex"))
        self.assertFalse(flags.is_enabled("b", user_id=1, tenant="acme"))

    def test_env_overrides(self):
        self.write({"a": False, "b": True})
        environ = {"LARDER_FLAG_A": "on", "LARDER_FLAG_B": " Off ", "HOME": "/"}
        flags = FeatureFlags.from_file(self.path, environ=environ)
        self.assertTrue(flags.is_enabled("a"))
        self.assertFalse(flags.is_enabled("b"))
        for environ in ({"LARDER_FLAG_C": "on"}, {"LARDER_FLAG_A": "enabled"}):
            with self.assertRaises(ConfigError):
                FeatureFlags.from_file(self.path, environ=environ)

    def test_bad_reload_keeps_the_old_flags(self):
        flags = FeatureFlags.from_file(self.write({"a": True}), environ={})
        self.write({"a": {"enabled": "yes"}})
        with self.assertRaises(ConfigError):
            flags.reload()
        self.assertTrue(flags.is_enabled("a"))
        self.write({"a": False})
        flags.reload()
        self.assertFalse(flags.is_enabled("a"))


if __name__ == "__main__":
    unittest.main()
