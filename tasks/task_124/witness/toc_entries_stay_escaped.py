"""TOC entries come out of assign_heading_ids as decoded text, and render_toc_ul inserts them as HTML."""
from html.parser import HTMLParser

import mistune
from mistune.directives import RSTDirective, TableOfContents
from mistune.toc import add_toc_hook, render_toc_ul


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


# escape=True is the mode for untrusted Markdown: raw HTML in a heading is shown as text.
heading = "## Release notes <img src=x onerror=alert(document.domain)>\n"
md = mistune.create_markdown(escape=True)
add_toc_hook(md, heading_id="slug")
body, state = md.parse("# Intro\n\n" + heading)
assert "img" not in parsed(body).tags, body  # the heading itself is escaped

toc = render_toc_ul(state.env["toc_items"])
assert "img" not in parsed(toc).tags, (
    f"the TOC built from escape=True output contains a live <img onerror=...> element:\n{toc}"
)

# The directive renders its TOC the same way.
md = mistune.create_markdown(escape=True, plugins=[RSTDirective([TableOfContents(heading_id="slug")])])
page = md(".. toc::\n\n" + heading)
assert parsed(page).tags.count("img") == 0, f"the toc directive put a live <img> into the page:\n{page}"

# Ordinary text keeps reading the same in the heading and in its TOC entry.
md = mistune.create_markdown(escape=True)
add_toc_hook(md, heading_id="slug")
body, state = md.parse("# Q&A: 1 < 2\n")
entry = parsed(render_toc_ul(state.env["toc_items"]))
assert entry.text.strip() == "Q&A: 1 < 2", entry.text
print("ok")
