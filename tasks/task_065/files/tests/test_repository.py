import unittest
from datetime import datetime, timedelta, timezone
from unittest import mock

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from notes import clock
from notes.repository import NotFound, NoteRepository

START = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)


class RepositoryTest(unittest.TestCase):
    def setUp(self):
        self.db = TinyDB(storage=MemoryStorage)
        self.addCleanup(self.db.close)
        self.repo = NoteRepository(self.db)
        self.moment = START
        patcher = mock.patch.object(clock, "now", side_effect=self.tick)
        patcher.start()
        self.addCleanup(patcher.stop)

    def tick(self):
        self.moment += timedelta(minutes=1)
        return self.moment

    def test_create_and_get(self):
        note = self.repo.create("Groceries", "milk, eggs", ["home"])
        self.assertEqual(self.repo.get(note.id), note)
        self.assertEqual(note.tags, ("home",))
        with self.assertRaises(NotFound):
            self.repo.get(note.id + 1)

    def test_update_keeps_other_fields(self):
        note = self.repo.create("Groceries", "milk", ["home"])
        updated = self.repo.update(note.id, body="milk, bread")
        self.assertEqual((updated.title, updated.body, updated.tags), ("Groceries", "milk, bread", ("home",)))
        self.assertGreater(updated.updated_at, note.updated_at)
        self.assertEqual(self.repo.get(note.id), updated)

    def test_validation(self):
        for title in ("", "   ", None, "x" * 201):
            with self.assertRaises(ValueError):
                self.repo.create(title)
        with self.assertRaises(ValueError):
            self.repo.create("ok", tags=["a", ""])

    def test_list_most_recent_first(self):
        first = self.repo.create("one")
        second = self.repo.create("two")
        self.repo.update(first.id, body="edited")
        self.assertEqual([n.id for n in self.repo.list_notes()], [first.id, second.id])
        self.assertEqual([n.id for n in self.repo.list_notes(offset=1, limit=1)], [second.id])

    def test_delete_moves_to_trash(self):
        keep = self.repo.create("keep")
        note = self.repo.create("one", tags=["work"])
        self.repo.delete(note.id)
        with self.assertRaises(NotFound):
            self.repo.get(note.id)
        with self.assertRaises(NotFound):
            self.repo.update(note.id, title="edited")
        with self.assertRaises(NotFound):
            self.repo.delete(note.id)
        self.assertEqual([n.id for n in self.repo.list_notes()], [keep.id])
        self.assertEqual([n.id for n in self.repo.trash()], [note.id])
        self.assertEqual(self.repo.search(tag="work"), [])

    def test_restore(self):
        note = self.repo.create("one", "body", ["work"])
        self.repo.delete(note.id)
        restored = self.repo.restore(note.id)
        self.assertEqual(restored, note)
        self.assertEqual(self.repo.get(note.id), note)
        self.assertEqual(self.repo.trash(), [])
        with self.assertRaises(NotFound):
            self.repo.restore(note.id)

    def test_purge_trash_after_thirty_days(self):
        old = self.repo.create("old")
        recent = self.repo.create("recent")
        self.repo.delete(old.id)
        self.moment += timedelta(days=10)
        self.repo.delete(recent.id)
        self.assertEqual(self.repo.purge_trash(now=self.moment + timedelta(days=25)), 1)
        self.assertEqual([n.id for n in self.repo.trash()], [recent.id])
        self.assertEqual(self.repo.purge_trash(now=self.moment + timedelta(days=25)), 0)

    def test_notes_from_before_the_trash_are_live(self):
        legacy_id = self.db.table("notes").insert(
            {"title": "Old", "body": "", "tags": [], "created_at": "2023-01-01T00:00:00.000000Z",
             "updated_at": "2023-01-01T00:00:00.000000Z"}
        )
        self.assertEqual(self.repo.get(legacy_id).title, "Old")
        self.assertEqual([n.id for n in self.repo.search("old")], [legacy_id])

    def test_search(self):
        home = self.repo.create("Groceries", "Milk and eggs", tags=["home", "shopping"])
        work = self.repo.create("Standup notes", "ask about the (milk) budget", tags=["work"])
        self.assertEqual(self.repo.search("MILK"), [work, home])
        self.assertEqual(self.repo.search("milk", tag="home"), [home])
        self.assertEqual(self.repo.search(tag="work"), [work])
        self.assertEqual(self.repo.search("(milk)"), [work])
        self.assertEqual(self.repo.search("milk", limit=1), [work])
        for text in ("", "   ", "x" * 101):
            with self.assertRaises(ValueError):
                self.repo.search(text)
