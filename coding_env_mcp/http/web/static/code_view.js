// Code listings: a unified diff numbered by the new file, and a whole file, both highlighted, with each
// new-file line number a button that puts (file, line) into the finding form.
//
// The line buttons form one tab stop (a roving tabindex): Tab enters the listing on the current line, the
// arrow keys, Page Up/Down, Home and End move between lines, Enter or Space picks one.

import { highlighterFor } from "./highlight.js";

/**
 * Parse a unified diff into files of hunks, numbering every line of the new file.
 * @returns {Array<{path: string, oldPath: string, hunks: Array<{header: string, lines: Array<object>}>}>}
 */
export function parseDiff(text) {
  const files = [];
  let file = null;
  let hunk = null;
  let oldNo = 0;
  let newNo = 0;
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.startsWith("--- ") && (lines[index + 1] || "").startsWith("+++ ")) {
      const oldPath = line.slice(4).replace(/^a\//, "").split("\t")[0];
      const newPath = lines[index + 1].slice(4).replace(/^b\//, "").split("\t")[0];
      file = { path: newPath === "/dev/null" ? oldPath : newPath, oldPath, hunks: [] };
      files.push(file);
      hunk = null;
      index++;
      continue;
    }
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header && file) {
      oldNo = Number(header[1]);
      newNo = Number(header[2]);
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
      continue;
    }
    if (!hunk) continue; // "diff --git", "index ..." and other preamble lines
    const kind = line[0] || " ";
    const body = line.slice(1);
    if (kind === "+") hunk.lines.push({ kind: "add", text: body, newNo: newNo++ });
    else if (kind === "-") hunk.lines.push({ kind: "del", text: body, oldNo: oldNo++ });
    else if (kind === "\\") hunk.lines.push({ kind: "note", text: line });
    else hunk.lines.push({ kind: "ctx", text: body, oldNo: oldNo++, newNo: newNo++ });
  }
  return files;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function codeCell(pieces) {
  const code = element("code", "src");
  for (const [cls, text] of pieces) {
    if (cls) code.append(element("span", cls, text));
    else code.append(document.createTextNode(text));
  }
  if (!code.textContent) code.append(document.createTextNode(" "));
  return code;
}

function lineButton(path, number) {
  const button = element("button", "ln", String(number));
  button.type = "button";
  button.tabIndex = -1;
  button.dataset.path = path;
  button.dataset.line = String(number);
  button.setAttribute("aria-label", `Line ${number} of ${path}: use in the finding`);
  return button;
}

function row(kind, gutter, mark, pieces) {
  const line = element("div", `line ${kind}`);
  line.append(gutter || element("span", "ln blank"), element("span", "mark", mark), codeCell(pieces));
  return line;
}

// Line-by-line highlighting that carries multi-line string state, one state per side of the diff.
function highlightedLines(path) {
  const highlight = highlighterFor(path);
  const open = { old: null, new: null };
  return (text, sides) => {
    if (!highlight) return [["", text]];
    let pieces = null;
    for (const side of sides) {
      const out = highlight(text, open[side]);
      open[side] = out.open;
      pieces = pieces || out.pieces;
    }
    return pieces;
  };
}

const MARKS = { add: "+", del: "\u2212", ctx: " ", note: "" };
const SIDES = { add: ["new"], del: ["old"], ctx: ["new", "old"], note: [] };

/**
 * Render a unified diff. `onOpen(path)` is called by each file's "Open file" button.
 * @returns {HTMLElement} a listing whose line buttons the caller wires with `wireLines`
 */
export function renderDiff(text, onOpen) {
  const listing = element("div", "listing");
  const files = parseDiff(text);
  if (!files.length) listing.append(element("p", "empty", "The diff is empty."));
  for (const file of files) {
    const head = element("div", "file-head");
    const open = element("button", "link", `Open ${file.path}`);
    open.type = "button";
    open.addEventListener("click", () => onOpen(file.path));
    head.append(element("span", "file-name", file.path), open);
    listing.append(head);
    const highlight = highlightedLines(file.path);
    for (const hunk of file.hunks) {
      listing.append(row("hunk", null, "", [["", hunk.header]]));
      for (const line of hunk.lines) {
        const gutter = line.newNo !== undefined ? lineButton(file.path, line.newNo) : null;
        const pieces = line.kind === "note" ? [["", line.text]] : highlight(line.text, SIDES[line.kind]);
        listing.append(row(line.kind, gutter, MARKS[line.kind], pieces));
      }
    }
  }
  return listing;
}

/** Render a whole file with numbered, pickable lines. */
export function renderFile(path, text) {
  const listing = element("div", "listing");
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const highlight = highlightedLines(path);
  lines.forEach((line, index) => {
    listing.append(row("ctx", lineButton(path, index + 1), "", highlight(line, ["new"])));
  });
  return listing;
}

const PAGE = 20;

/**
 * Make the listing's line buttons one keyboard stop and call `onPick(path, line, button)` when one is picked.
 * `picked` (optional) is a {path, line} to mark and start on.
 */
export function wireLines(listing, onPick, picked = null) {
  const buttons = [...listing.querySelectorAll("button.ln")];
  if (!buttons.length) return;
  let current = buttons[0];
  if (picked) {
    const match = buttons.find((b) => b.dataset.path === picked.path && b.dataset.line === String(picked.line));
    if (match) {
      current = match;
      match.closest(".line").classList.add("picked");
    }
  }
  current.tabIndex = 0;
  const moveTo = (target) => {
    current.tabIndex = -1;
    current = target;
    current.tabIndex = 0;
    current.focus();
  };
  listing.addEventListener("keydown", (event) => {
    const index = buttons.indexOf(event.target);
    if (index === -1) return;
    const steps = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE, PageUp: -PAGE };
    let next = null;
    if (event.key in steps) next = buttons[Math.min(buttons.length - 1, Math.max(0, index + steps[event.key]))];
    else if (event.key === "Home") next = buttons[0];
    else if (event.key === "End") next = buttons[buttons.length - 1];
    if (next) {
      event.preventDefault();
      moveTo(next);
    }
  });
  listing.addEventListener("click", (event) => {
    const button = event.target.closest("button.ln");
    if (!button) return;
    if (button !== current) moveTo(button);
    for (const line of listing.querySelectorAll(".line.picked")) line.classList.remove("picked");
    button.closest(".line").classList.add("picked");
    onPick(button.dataset.path, Number(button.dataset.line), button);
  });
}
