"""Jinja environments: the e-mail templates shipped with the app, and the businesses' own templates."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateSyntaxError,
    meta,
    select_autoescape,
)

TEMPLATES = Path(__file__).parent / "templates"


def local_time(value, tz: str) -> str:
    return value.astimezone(ZoneInfo(tz)).strftime("%A %d %B at %H:%M")


env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["local_time"] = local_time


class TenantTemplateError(ValueError):
    """A business's template that cannot be used; the message is shown to them as it is."""


# The names a business's templates may use; reminders.reminder_context provides them.
TENANT_NAMES = frozenset({"customer", "appointment", "business"})
MAX_TENANT_TEMPLATE = 4000

# Businesses write plain text: subject lines and the text part. The HTML part escapes that text
# where it inserts it, so autoescaping here would only put "&amp;" into subjects and text parts.
tenant_env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


@lru_cache(maxsize=512)
def compile_tenant_template(source: str) -> Template:
    """Compile a business's template; refuse syntax errors and names other than TENANT_NAMES."""
    if len(source) > MAX_TENANT_TEMPLATE:
        raise TenantTemplateError(f"templates are limited to {MAX_TENANT_TEMPLATE} characters")
    try:
        parsed = tenant_env.parse(source)
    except TemplateSyntaxError as exc:
        raise TenantTemplateError(f"line {exc.lineno}: {exc.message}") from None
    unknown = meta.find_undeclared_variables(parsed) - TENANT_NAMES
    if unknown:
        raise TenantTemplateError("unknown placeholder: " + ", ".join(sorted(unknown)))
    return tenant_env.from_string(parsed)
