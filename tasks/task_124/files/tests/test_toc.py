from unittest import TestCase

from mistune import create_markdown
from mistune.directives import FencedDirective, RSTDirective, TableOfContents
from mistune.toc import add_toc_hook, render_toc_ul, slugify
from mistune.util import text_content


class TestSlugify(TestCase):
    def test_words_are_joined_by_hyphens(self):
        self.assertEqual(slugify("Getting Started"), "getting-started")
        self.assertEqual(slugify("  Install   and\tUpgrade "), "install-and-upgrade")

    def test_punctuation_is_dropped(self):
        self.assertEqual(slugify("Install & Upgrade"), "install-upgrade")
        self.assertEqual(slugify("What's new in v3.1?"), "whats-new-in-v31")
        self.assertEqual(slugify("snake_case and kebab-case"), "snake_case-and-kebab-case")

    def test_letters_of_every_script_are_kept(self):
        self.assertEqual(slugify("Über uns"), "über-uns")
        self.assertEqual(slugify("Установка"), "установка")

    def test_no_letters_gives_an_empty_slug(self):
        self.assertEqual(slugify("!!!"), "")


class TestTextContent(TestCase):
    def test_tags_are_removed_and_references_decoded(self):
        self.assertEqual(text_content("Q&amp;A <em>now</em>"), "Q&A now")
        self.assertEqual(text_content("<code>a &lt; b</code><!-- x -->"), "a < b")


class TestSlugHeadingIds(TestCase):
    @staticmethod
    def parse(text, **options):
        md = create_markdown(escape=True)
        add_toc_hook(md, heading_id="slug", **options)
        html, state = md.parse(text)
        return html, state.env["toc_items"]

    def test_ids_come_from_the_heading_text(self):
        html, items = self.parse("# Getting Started\n\n## Install & Upgrade\n")
        self.assertIn('<h1 id="getting-started">Getting Started</h1>', html)
        self.assertIn('<h2 id="install-upgrade">Install &amp; Upgrade</h2>', html)
        self.assertEqual([item[:2] for item in items], [(1, "getting-started"), (2, "install-upgrade")])

    def test_inline_markup_is_not_part_of_the_id(self):
        html, _ = self.parse("## The `render()` *method*\n")
        self.assertIn('<h2 id="the-render-method">', html)

    def test_character_references_are_decoded_first(self):
        md = create_markdown(escape=False)
        add_toc_hook(md, heading_id="slug")
        html = md("# Q&amp;A\n")
        self.assertIn('<h1 id="qa">', html)

    def test_repeated_headings_get_numbered(self):
        _, items = self.parse("# Usage\n## Example\n# Usage\n## Example\n## Example\n")
        self.assertEqual(
            [item[1] for item in items],
            ["usage", "example", "usage-1", "example-1", "example-2"],
        )

    def test_numbering_skips_ids_other_headings_have(self):
        _, items = self.parse("# Step 1\n# Step\n# Step\n")
        self.assertEqual([item[1] for item in items], ["step-1", "step", "step-2"])

    def test_heading_without_letters_gets_a_section_id(self):
        _, items = self.parse("# ???\n# !!!\n")
        self.assertEqual([item[1] for item in items], ["section", "section-1"])

    def test_ids_restart_for_every_document(self):
        md = create_markdown()
        add_toc_hook(md, heading_id="slug")
        self.assertIn('id="intro"', md("# Intro\n"))
        self.assertIn('id="intro"', md("# Intro\n"))

    def test_toc_links_to_the_slugs(self):
        html, items = self.parse("# Intro\n## Intro\n")
        self.assertEqual(
            render_toc_ul(items),
            '<ul>\n<li><a href="#intro">Intro</a>\n<ul>\n<li><a href="#intro-1">Intro</a></li>\n</ul>\n</li>\n</ul>\n',
        )

    def test_headings_outside_the_levels_get_no_id(self):
        html, items = self.parse("# Top\n#### Deep\n")
        self.assertIn("<h4>Deep</h4>", html)
        self.assertEqual(len(items), 1)

    def test_unknown_heading_id_is_refused(self):
        with self.assertRaises(ValueError):
            add_toc_hook(create_markdown(), heading_id="github")


class TestPermalinks(TestCase):
    def test_heading_links_to_itself(self):
        md = create_markdown()
        add_toc_hook(md, heading_id="slug", permalinks=True)
        self.assertEqual(
            md("## Configuration\n"),
            '<h2 id="configuration">Configuration'
            '<a class="permalink" href="#configuration" aria-label="Permalink: Configuration">&para;</a>'
            "</h2>\n",
        )

    def test_label_is_the_text_without_markup(self):
        md = create_markdown()
        add_toc_hook(md, heading_id="slug", permalinks=True)
        html = md('## The *fast* & "safe" path\n')
        self.assertIn('aria-label="Permalink: The fast &amp; &quot;safe&quot; path"', html)

    def test_works_with_a_heading_id_function(self):
        md = create_markdown()
        add_toc_hook(md, heading_id=lambda token, i: "s" + str(i), permalinks=True)
        self.assertIn('<h1 id="s0">Intro<a class="permalink" href="#s0"', md("# Intro\n"))

    def test_off_by_default(self):
        md = create_markdown()
        add_toc_hook(md, heading_id="slug")
        self.assertEqual(md("# Intro\n"), '<h1 id="intro">Intro</h1>\n')

    def test_headings_without_an_id_get_none(self):
        md = create_markdown()
        add_toc_hook(md, max_level=1, permalinks=True)
        self.assertIn("<h2>Details</h2>", md("# Intro\n## Details\n"))


class TestDirectiveHeadingIds(TestCase):
    def test_rst_toc_with_slugs(self):
        md = create_markdown(plugins=[RSTDirective([TableOfContents(heading_id="slug")])])
        html = md(".. toc::\n\n# Intro\n\n## Install & Upgrade\n")
        self.assertIn('<h1 id="intro">Intro</h1>', html)
        self.assertIn('<h2 id="install-upgrade">Install &amp; Upgrade</h2>', html)
        self.assertIn('<li><a href="#intro">Intro</a>', html)
        self.assertIn('<a href="#install-upgrade">', html)

    def test_fenced_toc_with_permalinks(self):
        md = create_markdown(plugins=[FencedDirective([TableOfContents(heading_id="slug", permalinks=True)])])
        html = md("```{toc}\n```\n\n# Intro\n")
        self.assertIn('<h1 id="intro">Intro<a class="permalink" href="#intro"', html)

    def test_default_ids_are_unchanged(self):
        md = create_markdown(plugins=[RSTDirective([TableOfContents()])])
        html = md(".. toc::\n\n# Intro\n\n# Intro\n")
        self.assertIn('<h1 id="toc_1">Intro</h1>', html)
        self.assertIn('<h1 id="toc_2">Intro</h1>', html)

    def test_title_is_text(self):
        md = create_markdown(plugins=[RSTDirective([TableOfContents()])])
        html = md(".. toc:: Contents <b>here</b>\n\n# Intro\n")
        self.assertIn("<summary>Contents &lt;b&gt;here&lt;/b&gt;</summary>", html)

    def test_unknown_heading_id_is_refused(self):
        with self.assertRaises(ValueError):
            TableOfContents(heading_id="github")
