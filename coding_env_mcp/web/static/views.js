// Renderings of the tools' results: a run, a graded finding, the episode's grade, its state, the history.
// Each takes the tool's structured result as it came over MCP and returns nodes; fields this page does not
// know yet are still shown (under "Other fields"), so a server that adds one is never silently hidden.

import { dl, el, num, show } from "./dom.js";

const RUN_FIELDS = ["stdout", "stderr", "exit_code", "duration_s", "timed_out", "stdout_truncated"];
RUN_FIELDS.push("stderr_truncated", "isolation", "notice");

function otherFields(result, known) {
  const rest = Object.entries(result).filter(([key]) => !known.includes(key));
  if (!rest.length) return null;
  return el("details", {}, el("summary", {}, "Other fields"), dl(rest.map(([key, value]) => [key, show(value)])));
}

function output(label, text, truncated) {
  const id = `out-${label}`;
  return el(
    "div",
    { className: "output" },
    el("h4", { id }, label, truncated ? " (truncated)" : ""),
    el("pre", { className: `stream ${label}`, tabIndex: 0, attrs: { "aria-labelledby": id } }, text || "(empty)"),
  );
}

/** A `run_python` result. */
export function runView(result) {
  const exit = result.exit_code === null ? "did not run" : String(result.exit_code);
  return el(
    "div",
    { className: "run-result" },
    dl([
      ["Exit code", el("span", { className: result.exit_code === 0 ? "ok" : "bad", id: "run-exit" }, exit)],
      ["Isolation", el("span", { id: "run-isolation" }, result.isolation)],
      ["Duration", `${num(result.duration_s, 3)} s`],
      ["Timed out", show(result.timed_out)],
    ]),
    result.notice ? el("p", { className: "notice" }, result.notice) : null,
    output("stdout", result.stdout, result.stdout_truncated),
    output("stderr", result.stderr, result.stderr_truncated),
    otherFields(result, RUN_FIELDS),
  );
}

const COMPONENTS = ["file", "type", "severity", "line", "evidence"];

/** A `submit_review` result: this finding's reward and feedback, the running score. */
export function stepView(step) {
  return el(
    "div",
    {},
    dl([
      ["Reward", el("strong", { id: "step-reward" }, num(step.reward))],
      ["Episode score", el("span", { id: "step-score" }, num(step.episode_score))],
      ["Findings", `${step.step_count} of ${step.max_steps}`],
      ["Episode done", show(step.done)],
      ["Outcome", step.finding.outcome.replace("_", " ")],
    ]),
    el("p", { className: "feedback", id: "step-feedback" }, step.feedback),
  );
}

function componentCells(components) {
  return COMPONENTS.map((name) => el("td", { className: "num" }, num(components[name])));
}

function table(caption, head, rows) {
  return el(
    "div",
    { className: "table-scroll", tabIndex: 0, attrs: { role: "region", "aria-label": caption } },
    el(
      "table",
      {},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, head.map((name) => el("th", { scope: "col" }, name)))),
      el("tbody", {}, rows),
    ),
  );
}

/** A `get_grade` result: the score, each finding's breakdown, and per-issue results once done. */
export function gradeView(grade) {
  const issues = grade.issues_total === null ? `${grade.issues_found} (total hidden until done)` : null;
  const summary = dl([
    ["Score", el("strong", { id: "grade-score" }, num(grade.score))],
    ["Done", show(grade.done)],
    ["Issues found", issues || `${grade.issues_found} of ${grade.issues_total}`],
    ["False positives", String(grade.false_positives)],
    ["Precision", num(grade.precision)],
    ["Recall", grade.recall === null ? "hidden until done" : num(grade.recall)],
    ["Calibration error", num(grade.calibration_error)],
  ]);
  const findingRows = grade.findings.map((finding) =>
    el(
      "tr",
      {},
      el("th", { scope: "row" }, String(finding.step)),
      el("td", {}, finding.outcome.replace("_", " ")),
      el("td", { className: "num" }, finding.matched_issue === null ? "\u2014" : String(finding.matched_issue)),
      componentCells(finding.components),
      el("td", { className: "num" }, el("strong", {}, num(finding.score))),
      el("td", { className: "num" }, num(finding.confidence)),
      el("td", { className: "num" }, num(finding.calibration_error)),
    ),
  );
  const head = ["Step", "Outcome", "Issue", ...COMPONENTS, "Score", "Confidence", "Calibration error"];
  const parts = [summary];
  if (grade.findings.length) {
    parts.push(table("Each finding, by rubric component", head, findingRows));
    parts.push(
      el("h3", {}, "Feedback on each finding"),
      el(
        "ol",
        { className: "feedback-list" },
        grade.findings.map((finding) => el("li", { value: finding.step }, finding.feedback)),
      ),
    );
  } else {
    parts.push(el("p", { className: "empty" }, "No finding submitted yet."));
  }
  if (grade.issues) {
    const issueRows = grade.issues.map((issue) =>
      el(
        "tr",
        {},
        el("th", { scope: "row" }, String(issue.index)),
        el("td", { className: "num" }, issue.found_by_step === null ? "not found" : String(issue.found_by_step)),
        componentCells(issue.components),
        el("td", { className: "num" }, num(issue.score)),
      ),
    );
    parts.push(table("Planted issues", ["Issue", "Found by step", ...COMPONENTS, "Best score"], issueRows));
  }
  return el("div", {}, parts);
}

/** A `get_state` result, every field as it came. */
export function stateView(state) {
  return dl(Object.entries(state).map(([key, value]) => [key, el("span", { attrs: { "data-field": key } }, show(value))]));
}

/** The action history, newest last. */
export function historyView(entries) {
  if (!entries.length) return el("p", { className: "empty" }, "No action yet.");
  return el(
    "ol",
    { className: "history" },
    entries.map((entry) =>
      el(
        "li",
        { className: entry.error ? "failed" : "" },
        el("span", { className: "when" }, entry.time),
        " ",
        el("code", { className: "action" }, entry.action),
        " ",
        el("span", { className: "what" }, entry.summary),
        el("span", { className: "outcome" }, ` \u2192 ${entry.outcome}`),
      ),
    ),
  );
}
