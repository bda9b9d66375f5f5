import re
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Set, Tuple, Union, cast

from .core import BlockState
from .util import striptags, text_content

if TYPE_CHECKING:
    from .markdown import Markdown

#: A function that returns the id of a heading token, given its index
#: among the headings that get an id.
HeadingIdFunc = Callable[[Dict[str, Any], int], str]


def add_toc_hook(
    md: "Markdown",
    min_level: int = 1,
    max_level: int = 3,
    heading_id: Union[HeadingIdFunc, str, None] = None,
    permalinks: bool = False,
) -> None:
    """Add a hook to save toc items into ``state.env``. This is
    usually helpful for doc generator::

        import mistune
        from mistune.toc import add_toc_hook, render_toc_ul

        md = mistune.create_markdown(...)
        add_toc_hook(md)

        html, state = md.parse(text)
        toc_items = state.env['toc_items']
        toc_html = render_toc_ul(toc_items)

    Headings get the ids ``toc_1``, ``toc_2``... by default. With
    ``heading_id="slug"`` the ids are made from the heading text instead
    (``## Install & Upgrade`` gets ``install-upgrade``, see :func:`slugify`),
    so links to a section survive adding a heading above it.

    :param md: Markdown instance
    :param min_level: min heading level
    :param max_level: max heading level
    :param heading_id: a function to generate heading_id, or ``"slug"``
    :param permalinks: add a permalink anchor to every heading with an id
    """
    if heading_id is None:

        def heading_id(token: Dict[str, Any], index: int) -> str:
            return "toc_" + str(index + 1)

    elif isinstance(heading_id, str) and heading_id != "slug":
        raise ValueError(f'heading_id must be a function or "slug", not {heading_id!r}')

    def toc_hook(md: "Markdown", state: "BlockState") -> None:
        headings = []

        for tok in state.tokens:
            if tok["type"] == "heading":
                level = tok["attrs"]["level"]
                if min_level <= level <= max_level:
                    headings.append(tok)

        # save items into state
        state.env["toc_items"] = assign_heading_ids(md, headings, heading_id, permalinks)

    md.before_render_hooks.append(toc_hook)


_slug_drop_re = re.compile(r"[^\w\s-]")
_slug_space_re = re.compile(r"\s+")


def slugify(text: str) -> str:
    """Make a heading id from its text, the way GitHub does: lower-cased,
    punctuation removed and each run of whitespace replaced by ``-``.
    Letters and digits of every script are kept, so ``"Über uns"`` gives
    ``"über-uns"``; text with no letters or digits gives ``""``.
    """
    slug = _slug_drop_re.sub("", text.lower()).strip()
    return _slug_space_re.sub("-", slug)


def _unique(slug: str, used: Set[str]) -> str:
    candidate = slug
    n = 0
    while candidate in used:
        n += 1
        candidate = slug + "-" + str(n)
    used.add(candidate)
    return candidate


def _render_heading(md: "Markdown", token: Dict[str, Any]) -> str:
    tokens = md.inline(token["text"], {})
    assert md.renderer is not None
    return md.renderer(tokens, BlockState())


def assign_heading_ids(
    md: "Markdown",
    headings: Iterable[Dict[str, Any]],
    heading_id: Union[HeadingIdFunc, str],
    permalinks: bool = False,
) -> List[Tuple[int, str, str]]:
    """Set the id of each heading token and return the TOC items, in order.

    With ``heading_id="slug"`` the ids are unique within ``headings``: a
    slug that is already taken gets ``-1``, ``-2``... appended, skipping
    suffixes that another heading's slug already has. Ids returned by a
    function are used as they are.
    """
    used: Set[str] = set()
    toc_items = []
    for index, tok in enumerate(headings):
        text = text_content(_render_heading(md, tok))
        if heading_id == "slug":
            _id = _unique(slugify(text) or "section", used)
        else:
            _id = cast(HeadingIdFunc, heading_id)(tok, index)
        toc_items.append((tok["attrs"]["level"], _id, text))
        tok["attrs"]["id"] = _id
        if permalinks:
            tok["attrs"]["permalink"] = True
    return toc_items


def normalize_toc_item(md: "Markdown", token: Dict[str, Any]) -> Tuple[int, str, str]:
    text = striptags(_render_heading(md, token))
    attrs = token["attrs"]
    return attrs["level"], attrs["id"], text


def render_toc_ul(toc: Iterable[Tuple[int, str, str]]) -> str:
    """Render a <ul> table of content HTML. The param "toc" should
    be formatted into this structure::

        [
          (level, id, text),
        ]

    For example::

        [
          (1, 'toc-intro', 'Introduction'),
          (2, 'toc-install', 'Install'),
          (2, 'toc-upgrade', 'Upgrade'),
          (1, 'toc-license', 'License'),
        ]
    """
    if not toc:
        return ""

    s = ""
    levels: List[int] = []
    for level, k, text in toc:
        item = '<a href="#{}">{}</a>'.format(k, text)
        if not levels:
            s += "<li>" + item
            levels.append(level)
        elif level == levels[-1]:
            s += "</li>\n<li>" + item
        elif level > levels[-1]:
            s += "\n<ul>\n<li>" + item
            levels.append(level)
        else:
            levels.pop()
            while levels:
                last_level = levels.pop()
                if level == last_level:
                    s += "</li>\n</ul>\n</li>\n<li>" + item
                    levels.append(level)
                    break
                elif level > last_level:
                    s += "</li>\n<li>" + item
                    levels.append(last_level)
                    levels.append(level)
                    break
                else:
                    s += "</li>\n</ul>\n"
            else:
                levels.append(level)
                s += "</li>\n<li>" + item

    while len(levels) > 1:
        s += "</li>\n</ul>\n"
        levels.pop()

    if not s:
        return ""
    return "<ul>\n" + s + "</li>\n</ul>\n"
