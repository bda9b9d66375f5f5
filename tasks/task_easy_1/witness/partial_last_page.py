# 45 items at 20 per page are 3 pages; the third holds the last 5 items.
from app.pagination import paginate

page = paginate(list(range(45)), page=2, per_page=20)
assert page.total_pages == 3, f"45 items at 20 per page should be 3 pages, got {page.total_pages}"
assert page.has_next, "page 2 of 3 must offer a next page, or the last 5 items are unreachable"
assert paginate(list(range(5)), per_page=20).total_pages == 1, "5 items must be 1 page, not 0"
assert paginate(list(range(40)), page=4, per_page=10).has_next is False
