# html_attrs: the spots that look risky are correct.
# - Markup(' {}="{}"').format(name, value) escapes its arguments (EscapeFormatter), and escape()
#   (_native._escape_inner) turns both quote characters into entities, so no value can end the
#   attribute or the tag.
# - `value is None or value is False` / `value is True` test identity: 0, 0.0 and "" are rendered,
#   and 1 is not a boolean attribute (0 == False and 1 == True, but they are not the singletons).
# - Markup(" ").join(tokens) escapes every token that is not already Markup (Markup.join maps
#   self.escape over the items).
# - The name pattern is applied with fullmatch, so a trailing newline, spaces, quotes, "=", ">" and
#   "/" in a name are refused; keyword names go through the same check.
import re

from markupsafe import Markup, html_attrs


hostile = "\"' onmouseover=alert(1) x='<>&"
out = html_attrs(title=hostile, alt=[hostile, "ok"], data={hostile})
assert isinstance(out, Markup)
assert re.fullmatch(r'( [a-z]+="[^"\'<>]*")+', str(out)), f"a value escaped its quotes: {out}"
assert "&#34;" in out and "&#39;" in out and "&lt;&gt;&amp;" in out, out

# A value that is already Markup is trusted, not escaped twice.
assert html_attrs(title=Markup("a &amp; b")) == Markup(' title="a &amp; b"')

# Identity, not equality, decides boolean handling.
assert html_attrs(tabindex=0) == Markup(' tabindex="0"'), html_attrs(tabindex=0)
assert html_attrs(x=0.0) == Markup(' x="0.0"')
assert html_attrs(value="") == Markup(' value=""')
assert html_attrs(count=1) == Markup(' count="1"'), html_attrs(count=1)
assert html_attrs(required=True, disabled=False, hidden=None) == Markup(" required")
assert html_attrs(class_=[0, False, None, 1, True]) == Markup(' class="0 1 True"')
assert html_attrs(class_=[None, False]) == Markup("")

# Tokens are escaped one by one; Markup tokens are kept.
assert html_attrs(class_=["<a>", Markup("&amp;")]) == Markup(' class="&lt;a&gt; &amp;"')

# Names are checked as a whole.
for bad in ["a\n", "a b", 'a"', "a'", "a=b", "a>", "a/", "", "1a", "-a", ".a", "\u00e9", "a\x00"]:
    try:
        html_attrs({bad: "v"})
    except ValueError:
        pass
    else:
        raise AssertionError(f"attribute name {bad!r} was accepted")
for bad_kw in [{"_": 1}, {"a__": 1}]:
    try:
        result = html_attrs(**bad_kw)
    except ValueError:
        pass
    else:
        assert result == Markup(' a-="1"'), (bad_kw, result)

assert html_attrs({"class": "m", "id": "x"}, class_="k") == Markup(' class="k" id="x"')
assert html_attrs({"data-x": 1}, data_y=2, for_="f") == Markup(' data-x="1" data-y="2" for="f"')
