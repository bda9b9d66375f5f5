"""The MCP surface: tools, resources and a prompt over one `ReviewEnv`.

Thin by design: each handler validates arguments (through its signature), calls the env core, and maps
`EnvError` to the SDK's `ToolError` / `ResourceNotFoundError` so the client reads what was wrong and
what is accepted. Episodes live in the env, not in the MCP session, because the default protocol
(2026-07-28) is sessionless: every episode tool takes the `episode_id` that `reset_episode` returns.
"""

from __future__ import annotations

import contextlib
import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any

import anyio
from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, ValidationError, create_model

from . import __version__
from .core import readable
from .core.env import EnvError, ReviewEnv
from .models import (
    MAX_EPISODE_ID_CHARS,
    MAX_PATH_CHARS,
    MAX_REVIEW_CHARS,
    MAX_TAG_CHARS,
    MAX_TASK_ID_CHARS,
    BugType,
    Difficulty,
    EpisodeGrade,
    EpisodeState,
    FeedbackMode,
    IssueType,
    Observation,
    ReviewAction,
    RunResult,
    Severity,
    Split,
    StepResult,
    TaskCatalog,
    Verdict,
)
from .output_schemas import compact

INSTRUCTIONS = """\
A pull-request review environment. Each episode shows one PR (title, description, changed files,
unified diff) that may contain planted defects, or none. Play it like this:
1. reset_episode (optionally with task_id, difficulty or seed) -> an observation with an episode_id.
2. Investigate: read the diff and files (resources task://{task_id}/diff and
   task://{task_id}/files/{path}), and run Python against the PR's code with run_python.
3. submit_review once per defect: file_path, line_number (in the new file), issue_type, bug_type,
   severity, confidence and a review explaining the defect. Credit needs the right line: a finding not
   on a defect earns nothing and lowers the score.
4. End with a verdict: finish_episode(verdict="request_changes") after your findings, or
   finish_episode(verdict="approve") if the PR is correct as it is (approving a PR with defects, or
   approving while also filing findings, scores nothing).
5. get_grade shows the score and its per-component breakdown (in blind feedback mode, once it ends).
"""

RUN_PYTHON_THREADS = 32

EpisodeId = Annotated[
    str,
    Field(min_length=1, max_length=MAX_EPISODE_ID_CHARS, description="The episode_id returned by reset_episode."),
]


@contextmanager
def _env_errors_as(error_type: type[Exception]) -> Iterator[None]:
    """Re-raise the core's `EnvError` as the SDK error that carries its message to the client."""
    try:
        yield
    except EnvError as exc:
        raise error_type(str(exc)) from None


def _tool_errors() -> AbstractContextManager[None]:
    return _env_errors_as(ToolError)


def _resource_errors() -> AbstractContextManager[None]:
    return _env_errors_as(ResourceNotFoundError)


@dataclass(frozen=True)
class ToolArguments:
    """What one tool accepts: its argument names and a model that checks their values.

    The model is built at the tool's first call, not at start-up: building one per tool would add to every
    client's wait for `tools/list`.
    """

    name: str
    names: frozenset[str]
    fields: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, name: str, method: Callable[..., Any]) -> ToolArguments:
        params = {
            key: param
            for key, param in inspect.signature(method, eval_str=True).parameters.items()
            if param.annotation is not Context
        }
        fields: dict[str, Any] = {
            key: (param.annotation, ... if param.default is inspect.Parameter.empty else param.default)
            for key, param in params.items()
        }
        return cls(name, frozenset(params), fields)

    @cached_property
    def model(self) -> type[BaseModel]:
        return create_model(f"{self.name}_arguments", **self.fields)

    def problems(self, tool: str, arguments: dict[str, Any]) -> str | None:
        """Why `arguments` cannot be used, in words a model can act on; None when they can."""
        unknown = sorted(set(arguments) - self.names)
        if unknown:
            return (
                f"{tool} does not take argument(s) {', '.join(map(repr, unknown))}; "
                f"it accepts: {', '.join(sorted(self.names))}"
            )
        try:
            self.model.model_validate(arguments)
        except ValidationError as exc:
            lines = [_argument_problem(error, self.model) for error in exc.errors(include_url=False)]
            return f"{tool} was called with {len(lines)} invalid argument(s):\n" + "\n".join(lines)
        return None


def _argument_problem(error: Any, model: type[BaseModel]) -> str:
    name = ".".join(str(part) for part in error["loc"]) or "(arguments)"
    if error["type"] == "missing":
        field = model.model_fields.get(str(error["loc"][0]))
        described = f": {field.description}" if field is not None and field.description else ""
        return f"- {name} is required{described}"
    return f"- {name}: {error['msg']} (got {error['input']!r})"


PROMPT_ARGUMENTS = {"review_pull_request": frozenset({"task_id"})}


def _check_prompt_arguments(params: dict[str, Any]) -> None:
    """Refuse a prompt argument the prompt does not take, naming it (the SDK would only say rendering failed)."""
    accepted = PROMPT_ARGUMENTS.get(params.get("name"))  # type: ignore[arg-type]
    arguments = params.get("arguments") or {}
    if accepted is not None and isinstance(arguments, dict):
        unknown = sorted(set(arguments) - accepted)
        if unknown:
            raise MCPError(
                INVALID_PARAMS,
                f"{params['name']} does not take argument(s) {', '.join(map(repr, unknown))}; "
                f"it accepts: {', '.join(sorted(accepted))}",
            )


def _argument_guard(tools: dict[str, ToolArguments]) -> Callable[..., Any]:
    """Middleware checking a tool call's arguments before the SDK sees them.

    The SDK ignores unknown keys, so a misspelt `line` instead of `line_number` would silently drop what the
    agent meant to say; and its validation errors name internal models and link to pydantic's site. This
    refuses both in plain words: which argument, what was wrong, what is accepted.
    """

    async def guard(ctx: Any, call_next: Callable[[Any], Any]) -> Any:
        if ctx.method == "prompts/get" and isinstance(ctx.params, dict):
            _check_prompt_arguments(ctx.params)
        if ctx.method == "tools/call" and isinstance(ctx.params, dict):
            name = ctx.params.get("name")
            arguments = ctx.params.get("arguments") or {}
            if name in tools and isinstance(arguments, dict):
                message = tools[name].problems(name, arguments)
                if message:
                    return CallToolResult(content=[TextContent(type="text", text=message)], is_error=True)
        return await call_next(ctx)

    return guard


@dataclass(frozen=True)
class ToolSpec:
    """How a tool is announced: its name (a `ReviewTools` method), title and truthful behaviour hints."""

    name: str
    title: str
    read_only: bool
    idempotent: bool

    def annotations(self) -> ToolAnnotations:
        return ToolAnnotations(
            title=self.title,
            read_only_hint=self.read_only,
            destructive_hint=False,
            idempotent_hint=self.idempotent,
            open_world_hint=False,
        )


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec("list_tasks", "List tasks", read_only=True, idempotent=True),
    ToolSpec("reset_episode", "Start an episode", read_only=False, idempotent=False),
    ToolSpec("get_observation", "Get the observation", read_only=True, idempotent=True),
    ToolSpec("get_state", "Get the episode state", read_only=True, idempotent=True),
    ToolSpec("submit_review", "Submit a review finding", read_only=False, idempotent=False),
    ToolSpec("get_grade", "Get the grade", read_only=True, idempotent=True),
    ToolSpec("finish_episode", "Finish the episode", read_only=False, idempotent=True),
    ToolSpec("run_python", "Run Python against the PR", read_only=False, idempotent=False),
)


def _reply(value: BaseModel, text: str) -> CallToolResult:
    """A tool result: `text` for a model to read, `value` as the structured content programs read."""
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=value.model_dump(mode="json", by_alias=True)
    )


class ReviewTools:
    """The tools, one small method each over the env: parse (through the signature), call, map errors.

    A method's signature is its input schema, its return type its output schema, its docstring the
    description a model reads.
    """

    def __init__(self, env: ReviewEnv):
        self.env = env
        # run_python calls hold a thread while they queue for an execution slot or for their episode's
        # previous call; they get threads of their own so that never starves the other tools.
        self.run_threads = anyio.CapacityLimiter(RUN_PYTHON_THREADS)

    def _observation_reply(self, observation: Observation) -> CallToolResult:
        diff = self.env.task(observation.task_id).diff
        return _reply(observation, readable.observation(observation, diff))

    def list_tasks(
        self,
        difficulty: Annotated[Difficulty | None, Field(description="Only tasks of this difficulty.")] = None,
        split: Annotated[Split | None, Field(description="Only tasks of this split.")] = None,
        tag: Annotated[str | None, Field(max_length=MAX_TAG_CHARS, description="Only tasks carrying this tag.")] = None,
    ) -> Annotated[CallToolResult, TaskCatalog]:
        """List the PR-review tasks (id, difficulty, split, tags, PR title, changed files).

        Use a task_id from here with reset_episode to play a specific task.
        """
        catalog = TaskCatalog.of(self.env.list_tasks(difficulty, split, tag))
        return _reply(catalog, readable.catalog(catalog))

    def reset_episode(
        self,
        task_id: Annotated[str | None, Field(max_length=MAX_TASK_ID_CHARS, description="Play this task.")] = None,
        difficulty: Annotated[
            Difficulty | None, Field(description="Pick a task of this difficulty when no task_id is given.")
        ] = None,
        seed: Annotated[
            int | None, Field(description="Makes the task choice reproducible: same seed, same task.")
        ] = None,
        split: Annotated[Split | None, Field(description="Pick among tasks of this split.")] = None,
        tag: Annotated[
            str | None, Field(max_length=MAX_TAG_CHARS, description="Pick among tasks with this tag.")
        ] = None,
        feedback: Annotated[
            FeedbackMode | None,
            Field(
                description="full: each finding is graded at once (training); blind: grades only once the "
                "episode ends (evaluation). Default: the server's setting."
            ),
        ] = None,
    ) -> Annotated[CallToolResult, Observation]:
        """Start a new review episode and return its first observation.

        The observation holds the episode_id that every other episode tool needs, the PR's title,
        description, changed files and unified diff (in code_snippet), and your instructions
        (task_description). Without task_id a task is chosen at random among those matching the
        filters; pass seed for a reproducible choice. Each call starts a fresh workspace.
        """
        with _tool_errors():
            observation = self.env.reset(
                task_id=task_id, difficulty=difficulty, seed=seed, split=split, tag=tag, feedback=feedback
            )
        return self._observation_reply(observation)

    def get_observation(self, episode_id: EpisodeId) -> Annotated[CallToolResult, Observation]:
        """Return the episode's current observation: the PR, feedback on your last finding, and whether
        the episode is done."""
        with _tool_errors():
            observation = self.env.observe(episode_id)
        return self._observation_reply(observation)

    def get_state(self, episode_id: EpisodeId) -> Annotated[CallToolResult, EpisodeState]:
        """Return the episode's book-keeping: step count, task, last score, last run_python exit code."""
        with _tool_errors():
            state = self.env.state(episode_id)
        return _reply(state, readable.state(state))

    def submit_review(
        self,
        episode_id: EpisodeId,
        bug_type: Annotated[
            BugType,
            Field(description="'syntax', 'logic' or 'security' for a defect; 'none' for a point that is not a bug."),
        ],
        review: Annotated[
            str,
            Field(
                max_length=MAX_REVIEW_CHARS,
                description="What is wrong, why, and its impact, in plain words (evidence earns points).",
            ),
        ] = "",
        file_path: Annotated[
            str, Field(max_length=MAX_PATH_CHARS, description="Path of the changed file holding the defect.")
        ] = "",
        issue_type: Annotated[IssueType | None, Field(description="The kind of defect.")] = None,
        severity: Annotated[Severity | None, Field(description="How bad the defect is.")] = None,
        line_number: Annotated[
            int | None,
            Field(ge=1, description="A line of the defect, numbered as in the new (post-PR) file."),
        ] = None,
        confidence: Annotated[
            float | None, Field(ge=0.0, le=1.0, description="Your confidence in this finding, 0 to 1.")
        ] = None,
        final: Annotated[bool, Field(description="True on your last finding: ends the episode.")] = False,
        verdict: Annotated[
            Verdict | None, Field(description="With final=true: request_changes (or approve). See finish_episode.")
        ] = None,
    ) -> Annotated[CallToolResult, StepResult]:
        """Submit one finding about the PR: where the defect is, what kind, how bad, and why.

        Submit one call per defect; file_path and line_number are required, and only a finding on the
        defect's lines earns credit. The reply holds this finding's reward, feedback on each rubric
        component, the running episode score, and done (in blind feedback mode, only an acknowledgement
        until the episode ends). A finding matching no defect (or repeating one already found) earns
        nothing and lowers the episode score. The episode ends after max_steps findings or a finding
        with final=true.
        """
        action = ReviewAction(
            review=review,
            file_path=file_path,
            issue_type=issue_type,
            severity=severity,
            bug_type=bug_type,
            line_number=line_number,
            confidence=confidence,
        )
        with _tool_errors():
            result = self.env.submit(episode_id, action, final=final, verdict=verdict)
        return _reply(result, readable.step(result))

    def get_grade(self, episode_id: EpisodeId) -> Annotated[CallToolResult, EpisodeGrade]:
        """Return the episode's grade so far: score, each finding's component breakdown, precision and
        confidence calibration. Per-issue results and recall appear once the episode is done."""
        with _tool_errors():
            grade = self.env.grade(episode_id)
        return _reply(grade, readable.grade(grade))

    def finish_episode(
        self,
        episode_id: EpisodeId,
        verdict: Annotated[
            Verdict | None,
            Field(
                description="approve: the PR is correct as it is (no findings); request_changes: your findings "
                "stand. A clean PR earns credit only with approve; approving a PR with defects earns nothing."
            ),
        ] = None,
    ) -> Annotated[CallToolResult, EpisodeGrade]:
        """End the episode with your verdict, and return its final grade.

        Call it when you have nothing more to report: verdict="approve" if the PR is correct as it is,
        verdict="request_changes" after filing your findings. Calling it on a finished episode just
        returns the final grade.
        """
        with _tool_errors():
            grade = self.env.finish(episode_id, verdict)
        return _reply(grade, readable.grade(grade))

    async def run_python(
        self,
        episode_id: EpisodeId,
        code: Annotated[str, Field(description="Python source to run, e.g. import a changed module and call it.")],
        ctx: Context,
        timeout_s: Annotated[
            float | None,
            Field(gt=0, description="Wall-clock limit in seconds (default and maximum: see result)."),
        ] = None,
    ) -> Annotated[CallToolResult, RunResult]:
        """Run Python in the episode's workspace, which holds the PR's post-change files.

        Calls in one episode share one interpreter, like notebook cells: names, imports and files from
        earlier calls are still there. The working directory is the workspace root, so changed modules
        import by their path (e.g. a file app/auth.py imports as `from app import auth`). Returns stdout,
        stderr (capped, with a marker when truncated), exit_code (1 for an uncaught exception), duration
        and the isolation level in force. A call that times out or crashes is not kept (state_lost=true);
        the next call replays the earlier cells in a fresh interpreter, output suppressed, to bring names
        and files back (restored=true and a notice; random numbers and clocks are computed again). No network.
        """
        total = timeout_s or self.env.sandbox.limits.default_timeout_s

        def progress(seconds: int) -> None:
            # Called from the thread waiting on the sandbox; a client gone away must not fail the run.
            with contextlib.suppress(Exception):
                anyio.from_thread.run(ctx.report_progress, seconds, total, f"running for {seconds}s")

        def work() -> RunResult:
            return self.env.run_python(episode_id, code, timeout_s, progress)

        with _tool_errors(), self.env.interpreter_kept(episode_id):
            # The limiter bounds the threads run_python may hold: calls beyond it wait here, without a
            # thread (but with their interpreter kept), and never starve the other tools of the shared pool.
            result = await anyio.to_thread.run_sync(work, limiter=self.run_threads)
        return _reply(result, readable.run(result))


def build_server(env: ReviewEnv) -> MCPServer:
    """An `MCPServer` exposing `env`. The caller owns `env` and closes it when the server stops."""
    review_tools = ReviewTools(env)
    server = MCPServer(
        "coding-env-mcp",
        title="PR review environment",
        description="Play pull-request review episodes with planted defects and get graded.",
        instructions=INSTRUCTIONS,
        version=__version__,
        tools=[_tool(spec, getattr(review_tools, spec.name)) for spec in TOOLS],
    )
    arguments = {spec.name: ToolArguments.of(spec.name, getattr(review_tools, spec.name)) for spec in TOOLS}
    server.middleware.append(_argument_guard(arguments))
    _register_resources(server, env)
    _register_prompts(server, env)
    return server


def _tool(spec: ToolSpec, method: Callable[..., Any]) -> Tool:
    """One tool as a client sees it: the docstring without its source indentation as the description a model
    reads, and an output schema clients can check quickly (see `output_schemas`)."""
    tool = Tool.from_function(
        method, title=spec.title, description=inspect.cleandoc(method.__doc__ or ""), annotations=spec.annotations()
    )
    if tool.fn_metadata.output_schema is not None:
        tool.fn_metadata.output_schema = compact(tool.fn_metadata.output_schema)
    return tool


def _register_resources(server: MCPServer, env: ReviewEnv) -> None:
    @server.resource("tasks://catalog", name="task_catalog", mime_type="application/json")
    def task_catalog() -> str:
        """Every task: id, difficulty, split, tags, PR title, changed files, and its resource URIs."""
        entries = []
        for summary in env.list_tasks():
            entry = summary.model_dump()
            entry["diff_uri"] = f"task://{summary.task_id}/diff"
            entry["file_uris"] = [f"task://{summary.task_id}/files/{path}" for path in summary.changed_files]
            entries.append(entry)
        return json.dumps({"count": len(entries), "tasks": entries}, indent=2)

    @server.resource("task://{task_id}/diff", name="task_diff", mime_type="text/x-diff")
    def task_diff(task_id: str) -> str:
        """The task's unified diff; hunk line numbers are those of the real files."""
        with _resource_errors():
            return env.task(task_id).diff

    @server.resource("task://{task_id}/files/{+path}", name="task_file", mime_type="text/plain")
    def task_file(task_id: str, path: str) -> str:
        """A file of the PR as it is after the change (post-PR content)."""
        with _resource_errors():
            files = env.task(task_id).files
            if path not in files:
                raise EnvError(f"task {task_id!r} has no file {path!r}; it has: {', '.join(sorted(files))}")
            return files[path]


def _register_prompts(server: MCPServer, env: ReviewEnv) -> None:
    @server.prompt(name="review_pull_request", title="Review a pull request")
    def review_pull_request(task_id: str = "") -> str:
        """Brief an agent on how to play one review episode (optionally on a given task)."""
        if task_id and env.registry.get(task_id) is None:
            raise MCPError(INVALID_PARAMS, env.registry.unknown_task_message(task_id))
        start = f'reset_episode(task_id="{task_id}")' if task_id else "reset_episode()"
        return (
            "You are reviewing a pull request for defects before it merges.\n\n"
            f"1. Call {start}. Keep the episode_id it returns; every other tool needs it.\n"
            "2. Read the PR in the observation (code_snippet holds the diff). Read whole files with the "
            "resources task://<task_id>/files/<path>: a defect may only show in context.\n"
            "3. Prove suspicions with run_python: import the changed module from the workspace, call it "
            "with inputs that should break it, and watch what happens.\n"
            "4. For each real defect call submit_review with file_path, line_number (new-file numbering), "
            "issue_type, bug_type, severity, confidence, and a review naming the cause and its impact. "
            "Do not report style nits or guesses: findings that match no defect cost points.\n"
            '5. Finish with finish_episode(verdict="request_changes") after your findings, or '
            'finish_episode(verdict="approve") if the PR is correct as it is; then get_grade shows the '
            "breakdown."
        )
