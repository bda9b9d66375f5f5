import copy

import pytest

from boltons.queueutils import SortedPriorityQueue, HeapPriorityQueue


def _test_priority_queue(queue_type):
    pq = queue_type()
    item1 = 'a'
    item2 = 'b'
    item3 = 'c'
    pq.add(item1)
    pq.remove(item1)

    # integer priorities
    pq.add(item1, 2)
    pq.add(item2, 9)
    pq.add(item3, 7)
    assert len(pq) == 3
    assert item2 == pq.pop()
    assert len(pq) == 2
    assert item3 == pq.pop()
    assert len(pq) == 1
    assert item1 == pq.pop()
    assert len(pq) == 0

    # float priorities
    pq.add(item1, 0.2)
    pq.add(item2, 0.9)
    pq.add(item3, 0.7)
    assert len(pq) == 3
    assert item2 == pq.pop()
    assert len(pq) == 2
    assert item3 == pq.pop()
    assert len(pq) == 1
    assert item1 == pq.pop()
    assert len(pq) == 0

    try:
        pq.pop()
    except IndexError:
        pass
    else:
        assert False, 'priority queue should be empty'
    return


def test_heap_queue():
    _test_priority_queue(HeapPriorityQueue)


def test_sorted_queue():
    _test_priority_queue(SortedPriorityQueue)


QUEUE_TYPES = [SortedPriorityQueue, HeapPriorityQueue]


@pytest.mark.parametrize('queue_type', QUEUE_TYPES)
def test_contains_and_priority_of(queue_type):
    pq = queue_type()
    pq.add('a', 3)
    pq.add('b')
    pq.add('c', 0.5)
    assert 'a' in pq
    assert 'z' not in pq
    assert pq.priority_of('a') == 3
    assert pq.priority_of('b') is None
    assert pq.priority_of('c') == 0.5

    pq.add('a', 7)
    assert pq.priority_of('a') == 7

    pq.remove('c')
    assert 'c' not in pq
    assert pq.priority_of('c', default=-1) == -1
    with pytest.raises(KeyError):
        pq.priority_of('c')

    pq.pop()
    assert 'a' not in pq


@pytest.mark.parametrize('queue_type', QUEUE_TYPES)
def test_iter(queue_type):
    pq = queue_type()
    for task, priority in [('a', 1), ('b', 5), ('c', 1), ('d', 3), ('e', 5)]:
        pq.add(task, priority)
    pq.remove('d')
    pq.add('c', 2)

    assert list(pq) == ['b', 'e', 'c', 'a']
    assert len(pq) == 4  # iterating does not consume

    seen = []
    for task in pq:
        seen.append(task)
        pq.remove(task)
    assert seen == ['b', 'e', 'c', 'a']
    assert list(pq) == []


@pytest.mark.parametrize('queue_type', QUEUE_TYPES)
def test_iter_tasks_without_ordering(queue_type):
    # tasks of equal priority are never compared with each other
    tasks = [object() for _ in range(20)]
    pq = queue_type()
    for task in tasks:
        pq.add(task, 1)
    assert list(pq) == tasks


@pytest.mark.parametrize('queue_type', QUEUE_TYPES)
def test_copy(queue_type):
    pq = queue_type()
    for task, priority in [('a', 1), ('b', 2), ('c', 2), ('d', 0)]:
        pq.add(task, priority)
    pq.remove('d')

    pq2 = pq.copy()
    assert type(pq2) is queue_type
    assert list(pq2) == list(pq) == ['b', 'c', 'a']
    assert pq2.priority_of('b') == 2

    pq2.remove('b')
    pq2.add('e', 2)
    pq2.add('a', 9)
    assert list(pq) == ['b', 'c', 'a']
    assert [pq2.pop() for _ in range(len(pq2))] == ['a', 'c', 'e']

    pq.add('f', 2)
    assert [pq.pop() for _ in range(len(pq))] == ['b', 'c', 'f', 'a']


def test_copy_keeps_priority_key():
    pq = HeapPriorityQueue(priority_key=lambda p: p)  # lower value first
    pq.add('later', 10)
    pq.add('sooner', 1)
    pq2 = copy.copy(pq)
    pq2.add('soonest', 0)
    assert list(pq2) == ['soonest', 'sooner', 'later']
    assert pq.pop() == 'sooner'
