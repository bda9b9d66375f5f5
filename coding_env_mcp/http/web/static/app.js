// The page's controller: every action is one MCP call through `McpClient`, and every result is shown as the
// tool returned it. Nothing here decides anything about tasks, episodes or grades: the enums in the selects
// come from the tools' input schemas, refusals are the tools' own messages, the grade is get_grade's.
//
// What the page keeps itself: the episode id and the action history (the env has no history API; each entry
// is made from a tool result), in sessionStorage so a reload of the tab resumes the episode.

import { renderDiff, renderFile, wireLines } from "./code_view.js";
import { el, fill, prose } from "./dom.js";
import { AuthError, McpClient } from "./mcp.js";
import { gradeView, historyView, runView, stateView, stepView } from "./views.js";

const TOKEN_KEY = "coding-env-mcp.token";
const EPISODE_KEY = "coding-env-mcp.episode";
const TOOLS = [
  "list_tasks",
  "reset_episode",
  "get_observation",
  "get_state",
  "run_python",
  "submit_review",
  "get_grade",
  "finish_episode",
];

const $ = (id) => document.getElementById(id);
const client = new McpClient("mcp", () => sessionStorage.getItem(TOKEN_KEY));

const page = {
  schemas: {}, // tool name -> input schema
  observation: null, // the current episode's latest observation
  history: [], // [{time, action, summary, outcome, error}]
  picked: null, // {path, line} last picked from a listing
};

// -- small helpers ----------------------------------------------------------------------------------------

function setError(node, message) {
  node.textContent = message || "";
  node.hidden = !message;
}

function setStatus(text) {
  $("conn-status").textContent = text;
}

/** Run `work`, showing any refusal in `errorNode`; an auth refusal anywhere sends the person to the token form. */
async function attempt(errorNode, work, busy = []) {
  setError(errorNode, "");
  for (const control of busy) control.disabled = true;
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AuthError) showTokenPanel(error.message);
    else setError(errorNode, error.message || String(error));
    return { ok: false, error };
  } finally {
    for (const control of busy) control.disabled = false;
  }
}

/** The enum values of a tool argument, from its JSON schema (`enum` directly or inside `anyOf`). */
function enumOf(tool, argument) {
  const schema = (page.schemas[tool]?.properties || {})[argument] || {};
  const options = [schema, ...(schema.anyOf || [])];
  return options.find((option) => Array.isArray(option.enum))?.enum || [];
}

function fillSelect(select, values, emptyLabel) {
  const chosen = select.value;
  fill(
    select,
    emptyLabel === null ? null : el("option", { value: "" }, emptyLabel),
    values.map((value) => el("option", { value }, value)),
  );
  if (values.includes(chosen)) select.value = chosen;
}

function numberField(input, name) {
  if (input.validity.badInput) throw new Error(`${name}: "${input.value}" is not a number`);
  return input.value.trim() === "" ? undefined : Number(input.value);
}

function record(action, summary, outcome, error = false) {
  page.history.push({ time: new Date().toLocaleTimeString(), action, summary, outcome, error });
  fill($("history-body"), historyView(page.history));
  saveEpisode();
}

function saveEpisode() {
  if (!page.observation) return;
  const saved = { episode_id: page.observation.episode_id, history: page.history };
  sessionStorage.setItem(EPISODE_KEY, JSON.stringify(saved));
}

// -- connecting and the token -----------------------------------------------------------------------------

function wipe() {
  // Nothing the server sent stays on the page once the token is refused or forgotten.
  page.observation = null;
  page.history = [];
  for (const id of ["task-select", "viewer", "run-result", "feedback-body", "grade-body", "state-body"]) fill($(id));
  for (const id of ["history-body", "pr-title", "pr-description", "pr-meta", "task-description", "changed-files"]) {
    fill($(id));
  }
  for (const id of ["changed-file-list", "finding-location", "task-count"]) fill($(id));
  $("viewer-title").textContent = "Diff";
  $("finding-form").reset();
  for (const id of ["pr", "run", "finding", "feedback", "grade", "state", "history"]) $(id).hidden = true;
  $("play").hidden = true;
}

function showTokenPanel(message) {
  wipe();
  const hadToken = Boolean(sessionStorage.getItem(TOKEN_KEY));
  setStatus(hadToken ? "Not connected: the token was refused" : "Not connected: a token is needed");
  $("forget-token").hidden = !hadToken;
  $("token-panel").hidden = false;
  setError($("token-error"), hadToken ? message : "");
  $("token-input").focus();
}

async function connect() {
  setStatus("Connecting…");
  setError($("global-error"), "");
  const outcome = await attempt($("global-error"), async () => {
    const tools = await client.listTools();
    page.schemas = Object.fromEntries(tools.map((tool) => [tool.name, tool.inputSchema]));
    const missing = TOOLS.filter((name) => !(name in page.schemas));
    if (missing.length) throw new Error(`this server does not offer the tool(s) ${missing.join(", ")}`);
  });
  if (!outcome.ok) {
    if (!(outcome.error instanceof AuthError)) setStatus("Not connected");
    return;
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  $("token-panel").hidden = true;
  $("forget-token").hidden = !token;
  fillSelect($("filter-difficulty"), enumOf("list_tasks", "difficulty"), "any");
  fillSelect($("filter-split"), enumOf("list_tasks", "split"), "any");
  fillSelect($("bug_type"), enumOf("submit_review", "bug_type"), "choose…");
  fillSelect($("issue_type"), enumOf("submit_review", "issue_type"), "(none)");
  fillSelect($("severity"), enumOf("submit_review", "severity"), "(none)");
  $("play").hidden = false;
  await loadTasks();
  setStatus(`Connected${token ? " with the token" : ""}`);
  await resumeEpisode();
}

// -- tasks and episodes -----------------------------------------------------------------------------------

function filters() {
  const chosen = {};
  for (const [name, id] of [["difficulty", "filter-difficulty"], ["split", "filter-split"]]) {
    if ($(id).value) chosen[name] = $(id).value;
  }
  return chosen;
}

async function loadTasks() {
  await attempt($("task-error"), async () => {
    const catalog = await client.callTool("list_tasks", filters());
    const select = $("task-select");
    const chosen = select.value;
    fill(
      select,
      catalog.tasks.map((task) =>
        el("option", { value: task.task_id }, `${task.task_id} · ${task.difficulty} · ${task.split} — ${task.pr_title}`),
      ),
    );
    if (catalog.tasks.some((task) => task.task_id === chosen)) select.value = chosen;
    else if (catalog.tasks.length) select.selectedIndex = 0;
    $("task-count").textContent = `(${catalog.count} matching)`;
  });
}

async function startEpisode(args, summary) {
  const buttons = [$("start-task"), $("start-random")];
  const outcome = await attempt($("task-error"), () => client.callTool("reset_episode", args), buttons);
  if (!outcome.ok) return;
  page.history = [];
  page.picked = null;
  $("finding-form").reset();
  setError($("finding-error"), "");
  setError($("run-error"), "");
  fill($("run-result"));
  fill($("feedback-body"));
  $("feedback").hidden = true;
  await showEpisode(outcome.value);
  record("reset_episode", summary, `${outcome.value.task_id}: step ${outcome.value.step_count} of ${outcome.value.max_steps}`);
  $("pr-title").focus();
}

async function resumeEpisode() {
  const saved = JSON.parse(sessionStorage.getItem(EPISODE_KEY) || "null");
  if (!saved) return;
  const outcome = await attempt($("task-error"), () =>
    client.callTool("get_observation", { episode_id: saved.episode_id }),
  );
  if (!outcome.ok) {
    sessionStorage.removeItem(EPISODE_KEY);
    return;
  }
  page.history = saved.history || [];
  await showEpisode(outcome.value);
  fill($("history-body"), historyView(page.history));
  if (outcome.value.previous_feedback) {
    fill($("feedback-body"), el("p", { className: "feedback" }, outcome.value.previous_feedback));
    $("feedback").hidden = false;
  }
}

async function showEpisode(observation) {
  page.observation = observation;
  const task = observation.task_id;
  fill($("pr-meta"), `2. Read the pull request · ${task} · ${observation.difficulty}`);
  fill($("pr-title"), observation.pr_title);
  fill($("pr-description"), prose(observation.pr_description));
  fill($("task-description"), prose(observation.task_description));
  fill(
    $("changed-files"),
    observation.changed_files.map((path) =>
      el("li", {}, el("button", { type: "button", className: "link", on: { click: () => openFile(path) } }, path)),
    ),
  );
  fill($("changed-file-list"), observation.changed_files.map((path) => el("option", { value: path })));
  for (const id of ["pr", "run", "finding", "grade", "state", "history"]) $(id).hidden = false;
  fill($("history-body"), historyView(page.history));
  saveEpisode();
  // The finding form stays disabled until the episode is fully shown: a finish racing the first grade read
  // would otherwise be overwritten by it.
  enableForm(false);
  $("episode-over").hidden = !observation.done;
  await Promise.all([showDiff(false), refresh(["state", "grade"])]);
  markDone(observation.done);
}

/** Re-read the episode's state, grade and/or observation and show them. */
async function refresh(parts) {
  const episodeId = page.observation.episode_id;
  const readers = {
    state: async () => fill($("state-body"), stateView(await client.callTool("get_state", { episode_id: episodeId }))),
    grade: async () => fill($("grade-body"), gradeView(await client.callTool("get_grade", { episode_id: episodeId }))),
    observation: async () => {
      page.observation = await client.callTool("get_observation", { episode_id: episodeId });
      markDone(page.observation.done);
    },
  };
  await attempt($("global-error"), () => Promise.all(parts.map((part) => readers[part]())));
}

function markDone(done) {
  enableForm(!done);
  $("episode-over").hidden = !done;
}

function enableForm(enabled) {
  for (const control of $("finding-form").elements) control.disabled = !enabled;
}

// -- reading the diff and files ---------------------------------------------------------------------------

function pick(path, line) {
  page.picked = { path, line };
  $("file_path").value = path;
  $("line_number").value = String(line);
  $("finding-location").textContent = `Finding set to ${path}, line ${line}.`;
}

async function showListing(title, uri, render, recordIt) {
  const outcome = await attempt($("viewer-error"), () => client.readResource(uri));
  if (!outcome.ok) return;
  const listing = render(outcome.value);
  wireLines(listing, pick, page.picked);
  fill($("viewer"), listing);
  $("viewer-title").textContent = title;
  if (recordIt) recordIt(outcome.value);
}

async function showDiff(recordIt = true) {
  const task = page.observation.task_id;
  $("show-diff").hidden = true;
  await showListing(
    "Diff",
    `task://${task}/diff`,
    (text) => renderDiff(text, openFile),
    recordIt ? () => record("resources/read", `task://${task}/diff`, "the diff") : null,
  );
}

async function openFile(path) {
  const uri = `task://${page.observation.task_id}/files/${path}`;
  await showListing(path, uri, (text) => renderFile(path, text), (text) => {
    record("resources/read", uri, `${text.split("\n").length - (text.endsWith("\n") ? 1 : 0)} lines`);
  });
  if ($("viewer-title").textContent === path) {
    $("show-diff").hidden = false;
    $("viewer").querySelector("button.ln[tabindex='0']")?.focus();
  }
}

// -- running code -----------------------------------------------------------------------------------------

async function runCode(event) {
  event.preventDefault();
  const code = $("run-code").value;
  const firstLine = code.trim().split("\n")[0] || "(empty)";
  const summary = firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : firstLine;
  $("run-progress").textContent = "Running…";
  const outcome = await attempt(
    $("run-error"),
    () => {
      const args = { episode_id: page.observation.episode_id, code };
      const timeout = numberField($("run-timeout"), "Timeout");
      if (timeout !== undefined) args.timeout_s = timeout;
      return client.callTool("run_python", args, {
        onProgress: (message) => {
          $("run-progress").textContent = `Running… (${message})`;
        },
      });
    },
    [$("run-button")],
  );
  $("run-progress").textContent = "";
  if (!outcome.ok) {
    record("run_python", summary, `refused: ${outcome.error.message}`, true);
    return;
  }
  const result = outcome.value;
  fill($("run-result"), runView(result));
  const exit = result.exit_code === null ? "did not run" : `exit ${result.exit_code}`;
  record("run_python", summary, `${exit} · ${result.isolation} · ${result.duration_s.toFixed(2)} s`);
  await refresh(["state"]);
}

// -- submitting a finding ---------------------------------------------------------------------------------

function findingArguments() {
  const args = { episode_id: page.observation.episode_id };
  const text = (id) => $(id).value.trim();
  if (text("file_path")) args.file_path = text("file_path");
  const line = numberField($("line_number"), "Line number");
  if (line !== undefined) args.line_number = line;
  const confidence = numberField($("confidence"), "Confidence");
  if (confidence !== undefined) args.confidence = confidence;
  for (const name of ["bug_type", "issue_type", "severity"]) if ($(name).value) args[name] = $(name).value;
  if ($("review").value.trim()) args.review = $("review").value;
  args.final = $("final").checked;
  return args;
}

function findingSummary(args) {
  const where = args.file_path ? `${args.file_path}${args.line_number ? `:${args.line_number}` : ""}` : "(no file)";
  const kind = `${args.issue_type || "—"}/${args.bug_type || "—"}`;
  const confidence = args.confidence === undefined ? "" : ` confidence ${args.confidence}`;
  return `${where} ${kind} ${args.severity || "—"}${confidence}${args.final ? " (final)" : ""}`;
}

async function submitFinding(event) {
  event.preventDefault();
  let args = null;
  const outcome = await attempt(
    $("finding-error"),
    () => {
      args = findingArguments();
      return client.callTool("submit_review", args);
    },
    [$("submit-finding")],
  );
  if (!outcome.ok) {
    if (args) record("submit_review", findingSummary(args), `refused: ${outcome.error.message}`, true);
    return;
  }
  const step = outcome.value;
  fill($("feedback-body"), stepView(step));
  $("feedback").hidden = false;
  const done = step.done ? "; episode done" : "";
  const graded = step.reward === null ? "recorded (blind feedback)" : `reward ${step.reward.toFixed(2)}; episode score ${step.episode_score.toFixed(2)}`;
  record("submit_review", findingSummary(args), `${graded}${done}`);
  $("finding-form").reset();
  $("finding-location").textContent = "";
  await refresh(["observation", "state", "grade"]);
  $(step.done ? "grade" : "feedback").scrollIntoView({ block: "nearest" });
}

async function finishEpisode(verdict) {
  const outcome = await attempt(
    $("finding-error"),
    () => client.callTool("finish_episode", { episode_id: page.observation.episode_id, verdict }),
    [$("finish-episode"), $("approve-pr")],
  );
  const said = verdict.replace("_", " ");
  if (!outcome.ok) {
    record("finish_episode", said, `refused: ${outcome.error.message}`, true);
    return;
  }
  fill($("grade-body"), gradeView(outcome.value));
  record("finish_episode", said, `final score ${outcome.value.score.toFixed(2)}`);
  await refresh(["observation", "state"]);
  $("grade").scrollIntoView({ block: "nearest" });
}

// -- wiring -----------------------------------------------------------------------------------------------

function wire() {
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = $("token-input").value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $("token-input").value = "";
    connect();
  });
  $("forget-token").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(EPISODE_KEY);
    wipe();
    connect();
  });
  $("filter-difficulty").addEventListener("change", loadTasks);
  $("filter-split").addEventListener("change", loadTasks);
  $("task-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const taskId = $("task-select").value;
    if (!taskId) {
      setError($("task-error"), "Choose a task in the list first, or start a random one.");
      return;
    }
    startEpisode({ task_id: taskId }, taskId);
  });
  $("start-random").addEventListener("click", async () => {
    let args;
    try {
      args = filters();
      const seed = numberField($("seed"), "Seed");
      if (seed !== undefined) args.seed = seed;
    } catch (error) {
      setError($("task-error"), error.message);
      return;
    }
    const described = Object.entries(args).map(([key, value]) => `${key}=${value}`);
    startEpisode(args, described.length ? `random (${described.join(", ")})` : "random");
  });
  $("show-diff").addEventListener("click", async () => {
    await showDiff();
    $("viewer").querySelector("button.ln[tabindex='0']")?.focus();
  });
  $("run-form").addEventListener("submit", runCode);
  $("run-code").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      $("run-form").requestSubmit();
    }
  });
  $("finding-form").addEventListener("submit", submitFinding);
  $("finish-episode").addEventListener("click", () => finishEpisode("request_changes"));
  $("approve-pr").addEventListener("click", () => finishEpisode("approve"));
}

wire();
connect();
