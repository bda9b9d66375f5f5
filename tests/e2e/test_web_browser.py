"""The web page end to end in a real headless Chromium against a real server on 127.0.0.1.

A person plays a task to a grade by clicking and typing, with the keyboard alone, on a wide and a narrow
screen, and against a server that requires a token. Every check reads what the page shows; the grade is
checked against the env's own. Screenshots land in test-artifacts/web/ (gitignored) for people to look at.

Debian's `chromium` is driven by the `playwright` package (`executable_path`; never `playwright install`).
Without /usr/bin/chromium these tests skip, except under CI, which installs it (.ci/run) and must run them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright

from coding_env_mcp.core.env import EnvConfig, ReviewEnv
from coding_env_mcp.core.grader import grade
from coding_env_mcp.core.tasks import Task, TaskRegistry
from coding_env_mcp.http.app import build_app
from coding_env_mcp.http.settings import HttpSettings
from coding_env_mcp.models import ReviewAction
from coding_env_mcp.sandbox import default_sandbox

from ..conftest import REPO
from ..live_server import serve_in_thread

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which this network
# refuses; --no-sandbox because the tests run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts" / "web"
TOKEN = "browser-token-0123456789abcdef"
TIMEOUT_MS = 15_000
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 390, "height": 844}


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests and .ci/run installs it")
    pytest.skip(reason)


@dataclass
class Server:
    url: str
    env: ReviewEnv


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    _require_chromium()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000)
    expect.set_options(timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def server(registry: TaskRegistry) -> Iterator[Server]:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, HttpSettings())) as url:
        yield Server(url, env)


@pytest.fixture(scope="module")
def guarded(registry: TaskRegistry) -> Iterator[Server]:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, HttpSettings(token=TOKEN))) as url:
        yield Server(url, env)


# The console error a correct page may log: the browser's own note on a call the server refused with this status
# (401 while no token is given; 404 from a server without /mcp).
REFUSED = "Failed to load resource: the server responded with a status of {status}"


@pytest.fixture
def open_page(browser: Browser) -> Iterator:
    """Opens /web of a server in a fresh browser context (fresh storage). Fails the test on any script error
    and any other console error (a Content-Security-Policy violation, a file that did not load)."""
    contexts = []
    errors: list[str] = []

    def opener(server: Server, viewport: dict[str, int] = WIDE, refused: tuple[int, ...] = (401,)) -> Page:
        expected = tuple(REFUSED.format(status=status) for status in refused)

        def console(message: ConsoleMessage) -> None:
            if message.type == "error" and not message.text.startswith(expected):
                errors.append(f"console: {message.text}")

        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", console)
        page.goto(f"{server.url}/web")
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not errors, f"the page raised: {errors}"


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def connected(page: Page) -> None:
    expect(page.locator("#conn-status")).to_have_text("Connected")


def start_task(page: Page, task_id: str) -> None:
    page.select_option("#task-select", task_id)
    page.click("#start-task")
    expect(page.locator("#pr-meta")).to_contain_text(task_id)
    expect(page.locator("#history-body li .action").last).to_have_text("reset_episode")


def field(page: Page, section: str, name: str) -> str:
    return page.locator(f"#{section} [data-field='{name}']").inner_text()


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    assert max(widths[:2]) <= widths[2], f"the page scrolls sideways: {widths}"


def numbered_lines_are_the_new_files(page: Page, task: Task) -> None:
    """Every numbered line of the listing shows exactly that line of the post-PR file."""
    rows = page.evaluate(
        """() => [...document.querySelectorAll('#viewer button.ln')].map((button) =>
            [button.dataset.path, Number(button.dataset.line), button.closest('.line').querySelector('.src').textContent])"""
    )
    assert rows
    for path, number, text in rows:
        expected = task.files[path].split("\n")[number - 1]
        assert text == (expected or " "), (path, number, text, expected)


def breakdown_rows(page: Page, index: int) -> dict[str, list[str]]:
    """The grade's breakdown table `index` as {row label: its cells}, one cell per finding or issue."""
    return page.evaluate(
        """(index) => Object.fromEntries([...document.querySelectorAll('#grade-body table')[index].tBodies[0].rows]
            .map((row) => [row.cells[0].textContent, [...row.cells].slice(1).map((cell) => cell.textContent)]))""",
        index,
    )


def expected_reward(task: Task, action: ReviewAction) -> float:
    return grade(task, [action]).findings[-1].score


def test_play_a_task_to_a_grade_by_clicking_and_typing(open_page, server: Server, registry: TaskRegistry) -> None:
    task = registry.get("task_medium_1")
    issue = task.issues[0]
    page = open_page(server)
    connected(page)

    page.select_option("#filter-difficulty", task.difficulty)
    matching = registry.select(difficulty=task.difficulty)
    expect(page.locator("#task-count")).to_have_text(f"({len(matching)} matching)")
    expect(page.locator("#task-select option")).to_have_count(len(matching))
    start_task(page, task.task_id)

    expect(page.locator("#pr-title")).to_have_text(task.pr_title)
    expect(page.locator("#changed-files li")).to_have_count(len(task.changed_files))
    expect(page.locator("#viewer .file-name")).to_have_count(len(task.changed_files))
    expect(page.locator("#viewer .tok-kw").first).to_be_visible()  # highlighted
    numbered_lines_are_the_new_files(page, task)
    no_horizontal_scroll(page)
    shot(page, "1-pull-request.png")

    page.locator("#changed-files").get_by_role("button", name=issue.file, exact=True).click()
    expect(page.locator("#viewer-title")).to_have_text(issue.file)
    source_lines = task.files[issue.file].splitlines()
    expect(page.locator("#viewer button.ln")).to_have_count(len(source_lines))
    numbered_lines_are_the_new_files(page, task)

    page.fill("#run-code", "import sys\nprint(6 * 7)\nprint('to stderr', file=sys.stderr)\nraise SystemExit(3)")
    page.click("#run-button")
    expect(page.locator("#run-exit")).to_have_text("3")
    expect(page.locator("#run-isolation")).to_have_text(server.env.sandbox.isolation)
    expect(page.locator("#run-result pre.stdout")).to_have_text("42")
    expect(page.locator("#run-result pre.stderr")).to_contain_text("to stderr")
    shot(page, "2-run-python.png")

    page.click("#show-diff")
    expect(page.locator("#viewer-title")).to_have_text("Diff")
    page.locator(f"#viewer button.ln[data-path='{issue.file}'][data-line='{issue.start_line}']").click()
    expect(page.locator("#file_path")).to_have_value(issue.file)
    expect(page.locator("#line_number")).to_have_value(str(issue.start_line))
    expect(page.locator("#finding-location")).to_contain_text(f"{issue.file}, line {issue.start_line}")

    review = "The " + " and ".join(group[0] for group in issue.evidence) + " problem."
    page.select_option("#bug_type", issue.bug_type)
    page.select_option("#issue_type", issue.issue_type)
    page.select_option("#severity", issue.severity)
    page.fill("#confidence", "0.9")
    page.fill("#review", review)
    page.check("#final")
    page.click("#submit-finding")

    action = ReviewAction(
        review=review,
        file_path=issue.file,
        line_number=issue.start_line,
        issue_type=issue.issue_type,
        bug_type=issue.bug_type,
        severity=issue.severity,
        confidence=0.9,
    )
    reward = expected_reward(task, action)
    expect(page.locator("#step-reward")).to_have_text(f"{reward:.2f}")
    expect(page.locator("#step-feedback")).to_contain_text("matched planted issue 1")
    expect(page.locator("#episode-over")).to_be_visible()
    expect(page.locator("#submit-finding")).to_be_disabled()

    expect(page.locator("#state [data-field='done']")).to_have_text("yes")
    episode_id = field(page, "state", "episode_id")
    graded = server.env.grade(episode_id)
    assert graded.done and graded.task_id == task.task_id
    expect(page.locator("#grade-score")).to_have_text(f"{graded.score:.2f}")
    finding = graded.findings[0]
    components = finding.components
    expected_rows = {name: [f"{getattr(components, name):.2f}"] for name in ("line", "type", "severity")}
    expected_rows |= {
        "evidence": [f"{components.evidence:.2f}"],
        "outcome": ["matched"],
        "planted issue": ["1"],
        "score": [f"{finding.score:.2f}"],
        "confidence": ["0.90"],
        "calibration error": [f"{finding.calibration_error:.2f}"],
    }
    assert breakdown_rows(page, 0) == expected_rows
    issue_rows = breakdown_rows(page, 1)
    assert (issue_rows["found by finding"], issue_rows["best score"]) == (["1"], [f"{graded.issues[0].score:.2f}"])
    expect(page.locator("#grade-body caption")).to_have_text(
        ["Each finding, by rubric component", "Planted issues, by rubric component"]
    )
    assert field(page, "state", "step_count") == "1"
    assert field(page, "state", "run_count") == "1"

    actions = page.locator("#history-body li .action")
    expected = ["reset_episode", "resources/read", "run_python", "resources/read", "submit_review"]
    expect(actions).to_have_text(expected)
    expect(page.locator("#history-body li").last).to_contain_text(f"reward {reward:.2f}")
    shot(page, "3-graded.png")
    page.set_viewport_size({"width": WIDE["width"], "height": 1600})  # the whole grade panel in one picture
    page.locator("#grade").screenshot(path=str(ARTIFACTS / "3-grade-breakdown.png"))


def test_bad_input_is_refused_on_the_page_and_the_episode_is_unchanged(open_page, server: Server) -> None:
    page = open_page(server)
    connected(page)
    start_task(page, "task_easy_1")

    page.fill("#review", "looks off")
    page.click("#submit-finding")
    expect(page.locator("#finding-error")).to_contain_text("bug_type")

    page.select_option("#bug_type", "logic")
    page.fill("#confidence", "1.5")
    page.click("#submit-finding")
    expect(page.locator("#finding-error")).to_contain_text("confidence")
    expect(page.locator("#finding-error")).to_contain_text("less than or equal to 1")

    page.fill("#run-timeout", "0")
    page.click("#run-button")
    expect(page.locator("#run-error")).to_contain_text("timeout_s")

    expect(page.locator("#state [data-field='step_count']")).to_have_text("0")
    expect(page.locator("#history-body li.failed")).to_have_count(3)
    expect(page.locator("#grade-body")).to_contain_text("No finding submitted yet.")
    shot(page, "4-refused.png")

    page.fill("#confidence", "0.5")
    page.click("#submit-finding")
    expect(page.locator("#finding-error")).to_contain_text("file_path and line_number")
    expect(page.locator("#state [data-field='step_count']")).to_have_text("0")

    page.fill("#file_path", "app/pagination.py")
    page.fill("#line_number", "3")
    page.click("#submit-finding")
    expect(page.locator("#step-reward")).to_be_visible()
    expect(page.locator("#finding-error")).to_be_hidden()
    expect(page.locator("#state [data-field='step_count']")).to_have_text("1")


def test_a_reload_resumes_the_episode_with_its_history(open_page, server: Server) -> None:
    page = open_page(server)
    connected(page)
    start_task(page, "task_easy_2")
    page.fill("#file_path", "app/inventory_client.py")
    page.fill("#line_number", "1")
    page.select_option("#bug_type", "none")
    page.click("#submit-finding")
    expect(page.locator("#step-reward")).to_be_visible()
    expect(page.locator("#state [data-field='step_count']")).to_have_text("1")
    episode_id = field(page, "state", "episode_id")

    page.reload()
    connected(page)
    expect(page.locator("#pr-meta")).to_contain_text("task_easy_2")
    expect(page.locator("#state [data-field='episode_id']")).to_have_text(episode_id)
    expect(page.locator("#state [data-field='step_count']")).to_have_text("1")
    expect(page.locator("#history-body li .action")).to_have_text(["reset_episode", "submit_review"])
    expect(page.locator("#feedback-body")).to_contain_text("Finding 1")

    page.click("#finish-episode")
    expect(page.locator("#episode-over")).to_be_visible()
    expect(page.locator("#state [data-field='done']")).to_have_text("yes")
    expect(page.locator("#history-body li .action").last).to_have_text("finish_episode")
    expect(page.locator("#grade-body caption").last).to_have_text("Planted issues, by rubric component")
    expect(page.locator("#verdict-feedback")).to_contain_text("Verdict: request changes.")


def test_a_clean_pr_is_approved_from_the_page(open_page, server: Server) -> None:
    page = open_page(server)
    connected(page)
    start_task(page, "task_easy_4")
    page.click("#approve-pr")
    expect(page.locator("#episode-over")).to_be_visible()
    expect(page.locator("#grade-score")).to_have_text("0.99")
    expect(page.locator("#verdict-feedback")).to_have_text("Verdict: approve.")
    expect(page.locator("#grade-body")).to_contain_text("This PR had no planted issue: the right review approves it.")
    expect(page.locator("#history-body li .what").last).to_have_text("approve")


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus; fails if it is not in the tab order."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has no visible focus"
            return
    raise AssertionError(f"{selector} is not reachable with Tab within {limit} presses")


def test_keyboard_only(open_page, server: Server, registry: TaskRegistry) -> None:
    task = registry.get("task_easy_1")
    issue = task.issues[0]
    page = open_page(server)
    connected(page)

    tab_to(page, "#task-select")
    page.keyboard.type(task.task_id)
    expect(page.locator("#task-select")).to_have_value(task.task_id)
    tab_to(page, "#start-task")
    page.keyboard.press("Enter")
    expect(page.locator("#pr-title")).to_have_text(task.pr_title)
    expect(page.locator("#pr-title")).to_be_focused()

    tab_to(page, "#viewer button.ln")  # one stop for the whole listing
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => [document.activeElement.dataset.path, document.activeElement.dataset.line]")
    page.keyboard.press("Enter")
    expect(page.locator("#file_path")).to_have_value(focused[0])
    expect(page.locator("#line_number")).to_have_value(focused[1])

    tab_to(page, "#run-code")
    page.keyboard.type("print(20 + 22)")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#run-result pre.stdout")).to_have_text("42")

    tab_to(page, "#file_path")
    page.keyboard.press("Control+A")
    page.keyboard.type(issue.file)
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(str(issue.start_line))
    tab_to(page, "#bug_type")
    page.keyboard.type(issue.bug_type)
    expect(page.locator("#bug_type")).to_have_value(issue.bug_type)
    tab_to(page, "#issue_type")
    page.keyboard.type(issue.issue_type)
    expect(page.locator("#issue_type")).to_have_value(issue.issue_type)
    tab_to(page, "#severity")
    page.keyboard.type(issue.severity)
    expect(page.locator("#severity")).to_have_value(issue.severity)
    tab_to(page, "#review")
    page.keyboard.type("Floor division drops the partial page.")
    tab_to(page, "#final")
    page.keyboard.press("Space")
    expect(page.locator("#final")).to_be_checked()
    tab_to(page, "#submit-finding")
    page.keyboard.press("Enter")

    expect(page.locator("#step-reward")).to_be_visible()
    expect(page.locator("#step-feedback")).to_contain_text("matched planted issue 1")
    expect(page.locator("#episode-over")).to_be_visible()
    shot(page, "5-keyboard.png")


def test_narrow_screen(open_page, server: Server) -> None:
    page = open_page(server, NARROW)
    connected(page)
    page.fill("#seed", "7")
    page.click("#start-random")
    expect(page.locator("#pr-title")).not_to_be_empty()
    expect(page.locator("#history-body li").first).to_contain_text("random (seed=7)")
    expect(page.locator("#viewer button.ln").first).to_be_visible()
    no_horizontal_scroll(page)

    for selector in ("#task-select", "#start-random", "#viewer", "#run-button", "#review", "#submit-finding"):
        control = page.locator(selector)
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], (selector, box)

    page.locator("#viewer button.ln").nth(3).click()
    expect(page.locator("#line_number")).not_to_have_value("")
    page.select_option("#bug_type", "none")
    page.check("#final")
    page.click("#submit-finding")
    expect(page.locator("#grade-score")).to_be_visible()
    expect(page.locator("#state [data-field='done']")).to_have_text("yes")
    no_horizontal_scroll(page)
    shot(page, "6-narrow.png", full_page=True)


def test_with_a_token_the_page_shows_nothing_until_it_is_given(
    open_page, guarded: Server, registry: TaskRegistry
) -> None:
    page = open_page(guarded)
    expect(page.locator("#token-panel")).to_be_visible()
    expect(page.locator("#token-input")).to_be_focused()
    expect(page.locator("#play")).to_be_hidden()
    assert not any(task_id in page.content() for task_id in registry.ids())

    page.fill("#token-input", "not-the-token")
    page.keyboard.press("Enter")
    expect(page.locator("#token-error")).to_contain_text("does not match")
    expect(page.locator("#play")).to_be_hidden()
    assert not any(task_id in page.content() for task_id in registry.ids())
    shot(page, "7-token-refused.png")

    page.fill("#token-input", TOKEN)
    page.keyboard.press("Enter")
    expect(page.locator("#conn-status")).to_have_text("Connected with the token")
    expect(page.locator("#task-select option")).to_have_count(len(registry))
    start_task(page, "task_hard_1")
    expect(page.locator("#pr-title")).to_have_text(registry.get("task_hard_1").pr_title)
    # A run that outlasts a second reports progress, so the server answers it as an SSE stream: both of the
    # answer forms the page must read are played in this module.
    page.fill("#run-code", "import time\ntime.sleep(2.5)\nprint('slept')")
    page.click("#run-button")
    expect(page.locator("#run-progress")).to_contain_text("running for")
    expect(page.locator("#run-result pre.stdout")).to_have_text("slept")
    expect(page.locator("#run-progress")).to_be_empty()
    shot(page, "8-token-accepted.png")

    page.click("#forget-token")
    expect(page.locator("#token-panel")).to_be_visible()
    expect(page.locator("#play")).to_be_hidden()
    assert not any(task_id in page.content() for task_id in registry.ids())


def test_without_streamable_http_the_page_says_it_cannot_play(open_page, registry: TaskRegistry) -> None:
    env = ReviewEnv(registry, default_sandbox(), EnvConfig())
    with serve_in_thread(build_app(env, HttpSettings(transport="sse"))) as url:
        page = open_page(Server(url, env), refused=(404,))
        expect(page.locator("#global-error")).to_contain_text("does not serve MCP over streamable HTTP")
        expect(page.locator("#conn-status")).to_have_text("Not connected")
        expect(page.locator("#play")).to_be_hidden()
