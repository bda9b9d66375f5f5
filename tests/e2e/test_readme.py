"""The documentation's claims that can be checked: the grader's worked example, and that every link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coding_env_mcp.core.grader import grade
from coding_env_mcp.core.tasks import PlantedIssue, Task
from coding_env_mcp.models import ReviewAction

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
GRADER_DOC = (ROOT / "docs" / "grader.md").read_text()
MAX_README_LINES = 260

FENCE = re.compile(r"^```.*?^```[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")


COUPON = PlantedIssue(
    file="shop/coupons.py",
    start_line=12,
    end_line=12,
    issue_type="logic",
    bug_type="logic",
    severity="medium",
    summary="percent // 100 is 0 below 100 %, so no coupon discounts anything.",
    evidence=(
        ("integer division", "floor division", "// 100"),
        ("no discount", "always zero"),
        ("multiply first",),
    ),
    witness="",
)
COUPON_TASK = Task(
    task_id="docs_coupons",
    difficulty="easy",
    split="train",
    tags=("shop",),
    pr_title="Coupons",
    pr_description="Coupons.",
    task_description="",
    diff="",
    changed_files=("shop/coupons.py", "shop/cart.py"),
    files={},
    issues=(COUPON,),
    root=ROOT,
)


def _coupon_findings(first_review: str) -> list[ReviewAction]:
    return [
        ReviewAction(
            file_path="shop/coupons.py",
            line_number=13,
            issue_type="logic",
            bug_type="logic",
            severity="high",
            confidence=0.8,
            review=first_review,
        ),
        ReviewAction(
            file_path="shop/cart.py",
            line_number=30,
            issue_type="logic",
            bug_type="logic",
            severity="low",
            confidence=0.4,
            review="Possible race condition on the cart.",
        ),
    ]


def test_worked_example_matches_the_grader():
    review = "percent // 100 is integer division, so every coupon gives no discount."
    report = grade(COUPON_TASK, _coupon_findings(review), "request_changes")
    first, second = report.findings
    parts = first.components
    assert (parts.line, parts.evidence, parts.type, parts.severity) == (0.20, 0.26, 0.20, 0.05)
    assert first.score == 0.71 and first.calibration_error == pytest.approx(0.09)
    assert second.outcome == "false_positive" and second.score == 0.01
    assert report.score == 0.4733 and report.precision == 0.5 and report.recall == 1.0
    assert report.calibration_error == pytest.approx(0.245)
    padded = grade(COUPON_TASK, _coupon_findings(review + " And a race condition."), "request_changes")
    assert padded.findings[0].components.evidence == 0.13 and padded.findings[0].score == 0.58
    assert grade(COUPON_TASK, _coupon_findings(review), "approve").score == 0.01
    for claim in ("= **0.71**", "**0.4733**", "precision 0.5, recall 1.0, mean calibration error", "finding 0.58"):
        assert claim in GRADER_DOC


def _prose(path: Path) -> str:
    """The Markdown of `path` without code blocks (a `# comment` there is no heading, `[x](y)` no link)."""
    return FENCE.sub("", path.read_text())


def _anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of `path`: lower case, punctuation dropped, spaces as hyphens."""
    anchors: set[str] = set()
    for line in _prose(path).splitlines():
        heading = re.match(r"#{1,6} +(.+?) *#* *$", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading[1].lower()).replace(" ", "-")
            anchor, n = slug, 0
            while anchor in anchors:
                n += 1
                anchor = f"{slug}-{n}"
            anchors.add(anchor)
    return anchors


def test_every_relative_link_resolves_and_the_readme_stays_a_front_page():
    """Links in README.md and docs/*.md name existing files (and, for `#anchor`, an existing heading)."""
    broken = []
    for page in (README, *DOCS):
        for target in LINK.findall(INLINE_CODE.sub("", _prose(page))):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, ...: not ours to check
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                broken.append(f"{page.relative_to(ROOT)}: {target}: no heading #{anchor} in {linked.relative_to(ROOT)}")
    assert not broken, "broken links:\n" + "\n".join(broken)
    lines = README.read_text().count("\n")
    assert lines <= MAX_README_LINES, (
        f"README.md has {lines} lines; move detail into docs/ (at most {MAX_README_LINES})"
    )


@pytest.mark.parametrize("page", DOCS, ids=lambda page: page.name)
def test_every_doc_opens_with_its_contents(page: Path):
    """Each doc's Contents list names each of its `##` sections, in order."""
    prose = _prose(page)
    sections = re.findall(r"^## +(.+?) *$", prose, re.MULTILINE)
    contents = prose.split("**Contents**", 1)[1].split("\n## ", 1)[0] if "**Contents**" in prose else ""
    listed = re.findall(r"^- \[[^\]]+\]\(#([^)]+)\)", contents, re.MULTILINE)
    expected = [re.sub(r"[^\w\- ]", "", section.lower()).replace(" ", "-") for section in sections]
    assert listed == expected
