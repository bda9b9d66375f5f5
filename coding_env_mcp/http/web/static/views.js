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

const COMPONENTS = ["line", "evidence", "type", "severity"];

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
      ["Outcome", step.finding === null ? "graded when the episode ends (blind feedback)" : step.finding.outcome.replace("_", " ")],
    ]),
    el("p", { className: "feedback", id: "step-feedback" }, step.feedback),
  );
}

// A breakdown table with one column per finding (or planted issue) and one row per measure: narrow enough for
// a phone or the side column however many findings there are (at most max_steps).
function breakdown(caption, corner, columns, rows) {
  return el(
    "div",
    { className: "table-scroll", tabIndex: 0, attrs: { role: "region", "aria-label": caption } },
    el(
      "table",
      { className: "breakdown" },
      el("caption", {}, caption),
      el(
        "thead",
        {},
        el("tr", {}, el("th", { scope: "col" }, corner), columns.map((c) => el("th", { scope: "col" }, c))),
      ),
      el(
        "tbody",
        {},
        rows.map(([label, cell, strong]) =>
          el(
            "tr",
            { className: strong ? "total" : "" },
            el("th", { scope: "row" }, label),
            cell.map((value) => el("td", { className: "num" }, value)),
          ),
        ),
      ),
    ),
  );
}

function componentRows(items) {
  return COMPONENTS.map((name) => [name, items.map((item) => num(item.components[name]))]);
}

/** A `get_grade` result: the score, each finding's breakdown, and per-issue results once done. */
export function gradeView(grade) {
  const issues = grade.issues_total === null ? `${grade.issues_found} (total hidden until done)` : null;
  const summary = dl([
    ["Score", el("strong", { id: "grade-score" }, num(grade.score))],
    ["Done", show(grade.done)],
    ["Verdict", grade.verdict === null ? "\u2014" : grade.verdict.replace("_", " ")],
    ["Issues found", issues || `${grade.issues_found} of ${grade.issues_total}`],
    ["False positives", String(grade.false_positives)],
    ["Precision", num(grade.precision)],
    ["Recall", grade.recall === null ? "hidden until done" : num(grade.recall)],
    ["Calibration error", num(grade.calibration_error)],
  ]);
  const parts = [summary];
  if (grade.verdict_feedback) parts.push(el("p", { className: "feedback", id: "verdict-feedback" }, grade.verdict_feedback));
  const findings = grade.findings;
  if (findings.length) {
    const rows = [
      ["outcome", findings.map((f) => f.outcome.replace("_", " "))],
      ["planted issue", findings.map((f) => (f.matched_issue === null ? "\u2014" : String(f.matched_issue)))],
      ...componentRows(findings),
      ["score", findings.map((f) => num(f.score)), true],
      ["confidence", findings.map((f) => num(f.confidence))],
      ["calibration error", findings.map((f) => num(f.calibration_error))],
    ];
    const columns = findings.map((f) => String(f.step));
    parts.push(breakdown("Each finding, by rubric component", "Finding", columns, rows));
    parts.push(
      el("h3", {}, "Feedback on each finding"),
      el(
        "ol",
        { className: "feedback-list" },
        findings.map((finding) => el("li", { value: finding.step }, finding.feedback)),
      ),
    );
  } else {
    parts.push(el("p", { className: "empty" }, "No finding submitted yet."));
  }
  if (grade.issues && !grade.issues.length) {
    parts.push(el("p", { className: "empty" }, "This PR had no planted issue: the right review approves it."));
  } else if (grade.issues) {
    const rows = [
      ["found by finding", grade.issues.map((i) => (i.found_by_step === null ? "not found" : String(i.found_by_step)))],
      ...componentRows(grade.issues),
      ["best score", grade.issues.map((i) => num(i.score)), true],
    ];
    const columns = grade.issues.map((i) => String(i.index));
    parts.push(breakdown("Planted issues, by rubric component", "Issue", columns, rows));
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
