import json
import tempfile
import unittest
from collections import Counter
from pathlib import Path

from exp.assign import BUCKETS, Assigner, UnknownExperiment, choose_variant, upper_bounds
from exp.config import ConfigError, Experiment, load_experiments
from exp.store import AssignmentStore


class AssignTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = Path(self.tmp.name) / "experiments.json"
        self.store = AssignmentStore(str(Path(self.tmp.name) / "assignments.db"))

    def tearDown(self):
        self.store.close()
        self.tmp.cleanup()

    def load(self, data):
        self.path.write_text(json.dumps(data))
        return load_experiments(self.path)

    def test_config(self):
        experiments = self.load(
            {
                "checkout_button": {"variants": ["control", "green"]},
                "search_ranker": {"variants": {"control": 3, "bm25": 1, "hybrid": 0}, "exposure": 12.5, "salt": "2024-06"},
            }
        )
        self.assertEqual(experiments["checkout_button"], Experiment("checkout_button", (("control", 1), ("green", 1)), 10_000, "checkout_button"))
        ranker = experiments["search_ranker"]
        self.assertEqual((ranker.exposure_bp, ranker.salt), (1250, "2024-06"))
        self.assertEqual(ranker.variant_names, {"control", "bm25", "hybrid"})

    def test_rejects_bad_files(self):
        bad = [
            [], {"Bad": {"variants": ["a", "b"]}}, {"x": {"variants": ["a"]}}, {"x": {}},
            {"x": {"variants": ["a", "a"]}}, {"x": {"variants": {"a": 0, "b": 0}}},
            {"x": {"variants": {"a": 1, "b": -1}}}, {"x": {"variants": {"a": 1, "b": True}}},
            {"x": {"variants": ["a", "b"], "exposure": 100.01}}, {"x": {"variants": ["a", "b"], "exposure": 0.001}},
            {"x": {"variants": ["a", "b"], "exposure": "50"}}, {"x": {"variants": ["a", "b"], "salt": "a:b"}},
            {"x": {"variants": ["a", "b"], "rollout": 5}},
        ]
        for data in bad:
            with self.assertRaises(ConfigError, msg=data):
                self.load(data)

    def test_bounds_cover_every_bucket(self):
        self.assertEqual(upper_bounds((("a", 1), ("b", 1), ("c", 1))), [("a", 3333), ("b", 6666), ("c", BUCKETS)])
        self.assertEqual(upper_bounds((("a", 0), ("b", 2))), [("a", 0), ("b", BUCKETS)])

    def test_weights_and_exposure(self):
        exp = Experiment("ranker", (("control", 3), ("bm25", 1), ("hybrid", 0)), exposure_bp=5000, salt="s1")
        counts = Counter(choose_variant(exp, str(user)) for user in range(20_000))
        self.assertTrue(9_600 < counts[None] < 10_400, counts)
        self.assertTrue(7_200 < counts["control"] < 7_800, counts)
        self.assertTrue(2_300 < counts["bm25"] < 2_700, counts)
        self.assertNotIn("hybrid", counts)

    def test_raising_exposure_keeps_everybody_in_place(self):
        low = Experiment("ranker", (("a", 1), ("b", 1)), exposure_bp=1000, salt="s1")
        high = Experiment("ranker", (("a", 1), ("b", 1)), exposure_bp=2000, salt="s1")
        for user in map(str, range(5000)):
            if choose_variant(low, user) is not None:
                self.assertEqual(choose_variant(low, user), choose_variant(high, user))

    def test_assignments_are_sticky(self):
        before = Experiment("ranker", (("a", 1), ("b", 1)), salt="s1")
        after = Experiment("ranker", (("a", 1), ("b", 0)), exposure_bp=0, salt="s1")
        first = {user: Assigner({"ranker": before}, self.store).variant("ranker", user) for user in range(200)}
        assigner = Assigner({"ranker": after}, self.store)
        self.assertEqual({user: assigner.variant("ranker", user) for user in range(200)}, first)
        self.assertIsNone(assigner.variant("ranker", 10_000), "new users are not exposed any more")
        with self.assertRaises(UnknownExperiment):
            assigner.variant("nope", 1)

    def test_new_salt_or_removed_variant(self):
        Assigner({"ranker": Experiment("ranker", (("a", 1), ("b", 1)), salt="s1")}, self.store).variant("ranker", 1)
        reshuffled = Experiment("ranker", (("c", 1), ("d", 1)), salt="s2")
        self.assertIn(Assigner({"ranker": reshuffled}, self.store).variant("ranker", 1), {"c", "d"})
        removed = Experiment("ranker", (("c", 1), ("d", 1)), salt="s1")
        variant = Assigner({"ranker": removed}, self.store).variant("ranker", 1)
        self.assertIn(variant, {"c", "d"})
        self.assertEqual(self.store.get("ranker", "s1", "1"), variant)
