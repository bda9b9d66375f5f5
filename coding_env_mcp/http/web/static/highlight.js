// Syntax highlighting for Python, one line at a time, with the state a line leaves for the next one (an
// unterminated triple-quoted string). Output is a list of [class, text] pieces that the caller renders with
// textContent, so nothing from the code under review is ever parsed as HTML.

const KEYWORDS = new Set(
  (
    "False None True and as assert async await break case class continue def del elif else except finally for " +
    "from global if import in is lambda match nonlocal not or pass raise return try while with yield"
  ).split(" "),
);
const BUILTINS = new Set(
  (
    "abs all any bool bytes callable dict dir divmod enumerate filter float format frozenset getattr hasattr " +
    "hash id int isinstance issubclass iter len list map max min next object open ord pow print property range " +
    "repr reversed round set setattr slice sorted staticmethod classmethod str sum super tuple type vars zip " +
    "self cls Exception ValueError TypeError KeyError IndexError AttributeError RuntimeError OSError"
  ).split(" "),
);

const STRING_START = /([rRbBuUfF]{0,2})("""|'''|"|')/y;
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?j?|\.\d[\d_]*(?:[eE][+-]?\d+)?j?)/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const DECORATOR = /@[A-Za-z_][\w.]*/y;

function match(pattern, text, at) {
  pattern.lastIndex = at;
  const found = pattern.exec(text);
  return found ? found : null;
}

// Index just past the closing quote of a one-line string starting at `at` (after its opening quote), or -1.
function endOfShortString(text, at, quote) {
  for (let i = at; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

/**
 * Highlight one line of Python.
 * @param {string} text the line, without its newline
 * @param {string|null} open the triple quote left open by the previous line, or null
 * @returns {{pieces: Array<[string, string]>, open: string|null}}
 */
export function highlightPython(text, open = null) {
  const pieces = [];
  const push = (cls, piece) => {
    if (!piece) return;
    const last = pieces[pieces.length - 1];
    if (last && last[0] === cls) last[1] += piece;
    else pieces.push([cls, piece]);
  };
  let i = 0;
  if (open) {
    const close = text.indexOf(open);
    if (close === -1) return { pieces: [["tok-str", text]], open };
    push("tok-str", text.slice(0, close + 3));
    i = close + 3;
    open = null;
  }
  let previousName = "";
  while (i < text.length) {
    const ch = text[i];
    if (ch === "#") {
      push("tok-com", text.slice(i));
      break;
    }
    const string = match(STRING_START, text, i);
    if (string && (string[1] === "" || !/[A-Za-z0-9_]/.test(text[i - 1] || ""))) {
      const quote = string[2];
      const bodyStart = i + string[0].length;
      if (quote.length === 3) {
        const close = text.indexOf(quote, bodyStart);
        if (close === -1) {
          push("tok-str", text.slice(i));
          return { pieces, open: quote };
        }
        push("tok-str", text.slice(i, close + 3));
        i = close + 3;
      } else {
        const end = endOfShortString(text, bodyStart, quote);
        const stop = end === -1 ? text.length : end;
        push("tok-str", text.slice(i, stop));
        i = stop;
      }
      previousName = "";
      continue;
    }
    if (ch === "@" && text.slice(0, i).trim() === "") {
      const decorator = match(DECORATOR, text, i);
      if (decorator) {
        push("tok-dec", decorator[0]);
        i += decorator[0].length;
        continue;
      }
    }
    const name = match(NAME, text, i);
    if (name) {
      const word = name[0];
      let cls = "";
      if (previousName === "def" || previousName === "class") cls = "tok-def";
      else if (KEYWORDS.has(word)) cls = "tok-kw";
      else if (BUILTINS.has(word)) cls = "tok-bi";
      push(cls, word);
      previousName = word;
      i += word.length;
      continue;
    }
    const number = /[0-9.]/.test(ch) && !/[A-Za-z0-9_]/.test(text[i - 1] || "") ? match(NUMBER, text, i) : null;
    if (number && number[0] !== ".") {
      push("tok-num", number[0]);
      i += number[0].length;
      continue;
    }
    push("", ch);
    if (!/\s/.test(ch)) previousName = "";
    i++;
  }
  return { pieces, open: null };
}

/** The highlighter for a file path, or null when its language is not highlighted. */
export function highlighterFor(path) {
  return /\.pyi?$/.test(path) ? highlightPython : null;
}
