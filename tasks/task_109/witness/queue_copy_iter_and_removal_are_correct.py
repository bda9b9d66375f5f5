# Clean PR: the new queueutils features are correct. Checked against a plain model, for both queue types:
# - entries grew a 4th slot, so remove() now marks entry[2] (the task) instead of entry[-1]: removed
#   tasks never come out of pop/peek/iter/priority_of, and priorities survive re-adding;
# - sorting entries (iter, copy) never compares tasks, because the insertion count in slot 1 is unique,
#   so tasks without an ordering at equal priority are fine;
# - copy() copies every live entry list, so remove()'s in-place marking in one queue never reaches the
#   other; it takes next() of the original counter, which only skips a count (counts just need to grow),
#   so ties keep FIFO order in both queues; and a sorted list is a valid heap for HeapPriorityQueue.
import copy
import heapq
import random

from boltons.queueutils import HeapPriorityQueue, SortedPriorityQueue


class Task:
    """Hashable, but with no ordering: comparing two would raise TypeError."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


class Model:
    def __init__(self, key):
        self.key, self.items, self.seq = key, {}, 0  # task -> (key, seq, priority)

    def add(self, task, priority):
        self.items[task] = (self.key(priority), self.seq, priority)
        self.seq += 1

    def order(self):
        return [t for t, _ in sorted(self.items.items(), key=lambda kv: kv[1][:2])]

    def clone(self):
        other = Model(self.key)
        other.items, other.seq = dict(self.items), self.seq
        return other


def default_key(p):
    return -float(p or 0)


def check(queue, model, where):
    expected = model.order()
    assert list(queue) == expected, f"{where}: iteration {list(queue)} != {expected}"
    assert len(queue) == len(expected), where
    for task, (_, _, priority) in model.items.items():
        assert task in queue and queue.priority_of(task) == priority, (where, task)
    if isinstance(queue, HeapPriorityQueue):
        pq = queue._pq
        assert all(not pq[(i - 1) // 2] > pq[i] for i in range(1, len(pq))), f"{where}: heap invariant broken"
    if expected:
        assert queue.peek() is expected[0], where


rng = random.Random(109)
tasks = [Task(f"t{i}") for i in range(12)]
for queue_type in (HeapPriorityQueue, SortedPriorityQueue):
    for key in (default_key, lambda p: p or 0):
        for run in range(40):
            kw = {} if key is default_key else {"priority_key": key}
            pairs = [(queue_type(**kw), Model(key))]
            for step in range(60):
                i = rng.randrange(len(pairs))
                queue, model = pairs[i]
                op = rng.random()
                where = f"{queue_type.__name__} run {run} step {step}"
                if op < 0.45:
                    task = rng.choice(tasks)
                    priority = rng.choice([None, 0, 1, 1, 2, 2.5, 3])
                    queue.add(task, priority)
                    model.add(task, priority)
                elif op < 0.65 and model.items:
                    task = rng.choice(list(model.items))
                    queue.remove(task)
                    del model.items[task]
                    assert task not in queue and queue.priority_of(task, "gone") == "gone", where
                elif op < 0.8 and model.items:
                    expected = model.order()[0]
                    got = queue.pop()
                    assert got is expected, f"{where}: pop {got} != {expected}"
                    del model.items[got]
                elif op < 0.9 and len(pairs) < 4:
                    clone = queue.copy() if rng.random() < 0.5 else copy.copy(queue)
                    assert type(clone) is queue_type, where
                    pairs.append((clone, model.clone()))
                else:
                    for task in list(queue):  # iterate while changing the queue
                        if rng.random() < 0.3:
                            queue.remove(task)
                            del model.items[task]
                for n, (q, m) in enumerate(pairs):
                    check(q, m, f"{where} queue {n}")
            for queue, model in pairs:
                drained = [queue.pop() for _ in range(len(queue))]
                assert drained == model.order(), (drained, model.order())
                assert queue.pop(default=None) is None

print("ok: membership, priority_of, iteration and copy() behave like the model")
