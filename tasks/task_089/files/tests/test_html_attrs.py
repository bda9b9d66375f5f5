from __future__ import annotations

import pytest

from markupsafe import Markup
from markupsafe import html_attrs


def test_empty() -> None:
    assert html_attrs() == Markup("")
    assert html_attrs({}) == Markup("")
    assert isinstance(html_attrs(), Markup)


def test_values_are_escaped() -> None:
    assert html_attrs(title="<a href='x'>\"&\"</a>") == Markup(
        ' title="&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;"'
    )


def test_html_values_are_not_escaped_again() -> None:
    assert html_attrs(title=Markup("Tom &amp; Jerry")) == Markup(
        ' title="Tom &amp; Jerry"'
    )


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        (True, " hidden"),
        (False, ""),
        (None, ""),
        (0, ' hidden="0"'),
        ("", ' hidden=""'),
        ("until-found", ' hidden="until-found"'),
    ],
)
def test_boolean_and_false_values(value: object, expect: str) -> None:
    assert html_attrs(hidden=value) == Markup(expect)


def test_token_lists() -> None:
    assert html_attrs(class_=["a", None, "b", False]) == Markup(' class="a b"')
    assert html_attrs(class_=("<x>",)) == Markup(' class="&lt;x&gt;"')
    assert html_attrs(class_={"b", "a"}) == Markup(' class="a b"')
    assert html_attrs(class_=[None]) == Markup("")


def test_keyword_names() -> None:
    assert html_attrs(class_="c", data_user_id=3, for_="f") == Markup(
        ' class="c" data-user-id="3" for="f"'
    )


def test_mapping_and_keywords() -> None:
    result = html_attrs({"aria-label": "Close", "data_raw": 1, "id": "a"}, id="b")
    assert result == Markup(' aria-label="Close" data_raw="1" id="b"')


def test_order_is_kept() -> None:
    assert html_attrs({"b": 1, "a": 2}) == Markup(' b="1" a="2"')


@pytest.mark.parametrize(
    "name", ["", "a b", 'x"', "a=b", "a>", "1a", "-a", "é", "a/b", "onclick='x'"]
)
def test_invalid_names(name: str) -> None:
    with pytest.raises(ValueError):
        html_attrs({name: "v"})


def test_invalid_keyword_name() -> None:
    with pytest.raises(ValueError):
        html_attrs(_="v")


def test_use_in_a_tag() -> None:
    tag = Markup("<input{}>").format(html_attrs(type="text", value="<b>", required=True))
    assert tag == Markup('<input type="text" value="&lt;b&gt;" required>')
