from app.pagination import MAX_PER_PAGE, paginate


def test_first_page():
    page = paginate(list(range(50)), page=1, per_page=10)
    assert page.items == list(range(10))


def test_per_page_is_clamped():
    page = paginate(list(range(500)), per_page=1000)
    assert page.per_page == MAX_PER_PAGE


def test_page_metadata():
    page = paginate(list(range(40)), page=2, per_page=10)
    assert page.total_items == 40
    assert page.total_pages == 4
    assert page.has_next


def test_last_page_has_no_next():
    page = paginate(list(range(40)), page=4, per_page=10)
    assert page.items == list(range(30, 40))
    assert not page.has_next
