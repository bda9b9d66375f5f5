// DOM helpers. Text always goes in through textContent: nothing the server sends is parsed as HTML.

/**
 * Create an element. `props` sets properties (className, type, ...), `attrs` attributes, `on` listeners.
 * Children are nodes or strings (strings become text nodes); null/undefined/false children are skipped.
 */
export function el(tag, { attrs = {}, on = {}, ...props } = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const [type, listener] of Object.entries(on)) node.addEventListener(type, listener);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace every child of `node` with `children`. */
export function fill(node, ...children) {
  node.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A description list of [term, value] pairs; a value may be a node. */
export function dl(pairs, className = "facts") {
  return el(
    "dl",
    { className },
    pairs.map(([term, value]) => el("div", {}, el("dt", {}, term), el("dd", {}, value))),
  );
}

/** A number shown as the grader shows it, or a dash for none. */
export function num(value, digits = 2) {
  return value === null || value === undefined ? "\u2014" : Number(value).toFixed(digits);
}

/** Any JSON value as short text (for fields this page does not know yet). */
export function show(value) {
  if (value === null || value === undefined) return "\u2014";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Plain text as paragraphs: blank lines separate them, and a paragraph's hard-wrapped lines flow together
 * unless it is a list (lines starting with "- ", "* " or "1. "), which keeps its lines.
 */
export function prose(text) {
  return text
    .split(/\n\s*\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split("\n");
      const list = lines.some((line) => /^\s*(?:[-*]|\d+[.)])\s/.test(line));
      return el("p", { className: list ? "lines" : "" }, list ? block : lines.map((line) => line.trim()).join(" "));
    });
}
