# Clean PR: trash, restore, purge and search behave, on the inputs that would break the spots that look wrong.
# - LIVE = ~deleted_at.exists(): restore removes the field (tinydb.operations.delete), and notes written
#   before the trash have no field, so both are live; restore of a note not in the trash is NotFound.
# - _newest_first sorts the list Table.search returned in place: tinydb returns a copy of its cached list,
#   so repeated searches stay right; every write clears tinydb's query cache, so no trashed note lingers.
# - `cond &= ...` builds a new query: the module-level LIVE is unchanged by searches.
# - purge and ordering compare stored timestamps as text, which clock.to_text makes exact.
# - search text is escaped: regex metacharacters are literal.
import os
import random
import tempfile
from datetime import datetime, timedelta, timezone
from unittest import mock

from tinydb import TinyDB
from tinydb.storages import JSONStorage, MemoryStorage

from notes import clock, repository
from notes.repository import LIVE, NotFound, NoteRepository

rng = random.Random(65)
START = datetime(2023, 12, 31, 23, 59, 59, 999_000, tzinfo=timezone.utc)
now = [START]


def tick():
    now[0] += timedelta(microseconds=rng.choice([1, 7, 999, 1_000_000, 3_600_000_000, 86_400_000_000 * 3]))
    return now[0]


WORDS = ["milk", "Milk", "MILK", "plan", "(a+)+$", ".*", "[x", "a.c", "abc", "\\d", "straße", "café", "50%", "x|y"]
TAGS = ["home", "work", "x", "home.work"]


def expected_search(model, text, tag):
    hits = []
    for note_id, doc in model.items():
        if "deleted_at" in doc:
            continue
        if text is not None:
            needle = text.strip().lower()
            if needle not in doc["title"].lower() and needle not in doc["body"].lower():
                continue
        if tag is not None and tag not in doc["tags"]:
            continue
        hits.append((doc["updated_at"], note_id))
    return [note_id for _, note_id in sorted(hits, reverse=True)]


def run(db):
    repo = NoteRepository(db)
    table = db.table("notes")
    model = {}  # id -> document as stored
    # Notes written before the trash existed: no deleted_at field at all.
    for i in range(5):
        stamp = clock.to_text(tick())
        doc = {"title": f"legacy {rng.choice(WORDS)}", "body": rng.choice(WORDS), "tags": [rng.choice(TAGS)],
               "created_at": stamp, "updated_at": stamp}
        model[table.insert(doc)] = dict(doc)
    with mock.patch.object(clock, "now", side_effect=tick):
        for step in range(700):
            op = rng.random()
            ids = list(model)
            note_id = rng.choice(ids) if ids else 1
            if op < 0.2:
                title = " ".join(rng.sample(WORDS, 2))
                body = " ".join(rng.sample(WORDS, 3))
                tags = rng.sample(TAGS, rng.randrange(3))
                note = repo.create(title, body, tags)
                model[note.id] = {"title": title, "body": body, "tags": tags,
                                  "created_at": note.created_at, "updated_at": note.updated_at}
            elif op < 0.3:
                try:
                    note = repo.update(note_id, body=rng.choice(WORDS) + " " + rng.choice(WORDS))
                except NotFound:
                    assert note_id not in model or "deleted_at" in model[note_id], ("update", note_id)
                else:
                    assert note_id in model and "deleted_at" not in model[note_id], ("update", note_id)
                    model[note_id].update(body=note.body, updated_at=note.updated_at)
            elif op < 0.45:
                try:
                    repo.delete(note_id)
                except NotFound:
                    assert note_id not in model or "deleted_at" in model[note_id], ("delete", note_id)
                else:
                    assert note_id in model and "deleted_at" not in model[note_id], ("delete", note_id)
                    model[note_id]["deleted_at"] = table.get(doc_id=note_id)["deleted_at"]
            elif op < 0.55:
                try:
                    restored = repo.restore(note_id)
                except NotFound:
                    assert note_id not in model or "deleted_at" not in model[note_id], ("restore", note_id)
                else:
                    assert "deleted_at" in model[note_id], ("restore of a live note", note_id)
                    del model[note_id]["deleted_at"]
                    assert restored.deleted_at is None and restored.id == note_id
                    assert "deleted_at" not in table.get(doc_id=note_id)
            elif op < 0.6:
                moment = now[0] + timedelta(days=rng.choice([0, 1, 10, 29, 30, 31]),
                                            microseconds=rng.choice([-1, 0, 1]))
                moment = moment.astimezone(timezone(timedelta(hours=rng.choice([-11, 0, 5, 14]))))
                cutoff = moment - repository.TRASH_RETENTION
                gone = [i for i, d in model.items() if "deleted_at" in d and clock.from_text(d["deleted_at"]) < cutoff]
                assert repo.purge_trash(now=moment) == len(gone), ("purge", moment)
                for i in gone:
                    del model[i]
            elif op < 0.85:
                text = rng.choice(WORDS + [None, " milk ", "MiLk", "nothing"])
                tag = rng.choice(TAGS + [None, None])
                limit = rng.choice([1, 2, 50, 200])
                for _ in range(2):  # the second search is served from tinydb's query cache
                    got = [n.id for n in repo.search(text, tag, limit)]
                    assert got == expected_search(model, text, tag)[:limit], ("search", text, tag, got)
            else:
                live = expected_search(model, None, None)
                offset, limit = rng.choice([0, 1, 3]), rng.choice([1, 5, 200])
                for _ in range(2):
                    assert [n.id for n in repo.list_notes(offset, limit)] == live[offset : offset + limit]
                trashed = sorted(((d["deleted_at"], i) for i, d in model.items() if "deleted_at" in d), reverse=True)
                for _ in range(2):
                    assert [n.id for n in repo.trash(limit)] == [i for _, i in trashed][:limit]
            for i in rng.sample(list(model), min(3, len(model))):
                if "deleted_at" in model[i]:
                    try:
                        repo.get(i)
                    except NotFound:
                        pass
                    else:
                        raise AssertionError(f"trashed note {i} is still served")
                else:
                    note = repo.get(i)
                    assert (note.title, note.body, list(note.tags), note.updated_at) == (
                        model[i]["title"], model[i]["body"], model[i]["tags"], model[i]["updated_at"]), i
    assert sorted(int(i) for i in table._read_table()) == sorted(model), "stored ids differ from the model"
    return repo


before = hash(LIVE)
run(TinyDB(storage=MemoryStorage))
workdir = tempfile.mkdtemp(dir=os.getcwd())
path = os.path.join(workdir, "notes.json")
json_db = TinyDB(path, storage=JSONStorage)
repo = run(json_db)
json_db.close()
assert hash(LIVE) == before and LIVE == repository.LIVE, "searches changed the module-level LIVE query"

# Reopened from the file (string keys on disk), notes restore and update by id as before.
reopened = NoteRepository(TinyDB(path, storage=JSONStorage))
live = reopened.list_notes(limit=200)
assert live, "the run left no live notes"
with mock.patch.object(clock, "now", side_effect=tick):
    reopened.delete(live[0].id)
    assert reopened.restore(live[0].id).id == live[0].id
    assert reopened.update(live[0].id, title="after reopen").title == "after reopen"

# Metacharacters are literal and case is ignored; a bad search is a ValueError, not a regex error.
fresh = NoteRepository(TinyDB(storage=MemoryStorage))
with mock.patch.object(clock, "now", side_effect=tick):
    a = fresh.create("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "")
    b = fresh.create("a.c costs 50%", "(a+)+$ and [x")
for text, want in [("(a+)+$", [b]), ("[x", [b]), ("a.c", [b]), (".*", []), ("A+)+", [b]), ("50%", [b]), ("AAAA", [a])]:
    assert [n.id for n in fresh.search(text)] == [n.id for n in want], text
# "More than TRASH_RETENTION ago", to the microsecond, whatever the offset `now` is given in.
boundary = NoteRepository(TinyDB(storage=MemoryStorage))
deleted = datetime(2024, 2, 29, 23, 30, tzinfo=timezone(timedelta(hours=-3)))
with mock.patch.object(clock, "now", return_value=deleted):
    kept = boundary.create("boundary")
    boundary.delete(kept.id)
exact = (deleted + repository.TRASH_RETENTION).astimezone(timezone(timedelta(hours=9)))
assert boundary.purge_trash(now=exact) == 0, "a note trashed exactly 30 days ago was purged"
assert boundary.purge_trash(now=exact + timedelta(microseconds=1)) == 1, "a note trashed 30 days and 1us ago was kept"

for text in ["", "   ", "x" * 101, 5]:
    try:
        fresh.search(text)
    except ValueError:
        pass
    else:
        raise AssertionError(f"search({text!r}) was accepted")
print("ok")
