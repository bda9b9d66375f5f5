"""HTML pages, rendered with bottle's SimpleTemplate: ``{{x}}`` inserts x escaped, ``{{!x}}`` as it is."""
from __future__ import annotations

from datetime import datetime, timezone

from bottle import SimpleTemplate

LAYOUT = SimpleTemplate("""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{title}} · Club events</title></head>
<body>
<header><a href="/">Events</a> · <a href="/settings/tokens">App tokens</a> · {{user["name"]}}
  <form action="/signout" method="post">
    <input type="hidden" name="csrf_token" value="{{csrf}}">
    <button>Sign out</button>
  </form>
</header>
<main>
{{!content}}
</main>
</body>
</html>
""")

EVENTS = SimpleTemplate("""<h1>Upcoming events</h1>
<ul>
% for event in events:
  <li><a href="/events/{{event["id"]}}">{{event["title"]}}</a> · {{when(event["starts_at"])}}</li>
% end
</ul>
""")

EVENT = SimpleTemplate("""<h1>{{event["title"]}}</h1>
<p>Starts {{when(event["starts_at"])}}. Reply by {{when(event["rsvp_by"])}}.</p>
<p>Coming: {{headcount["yes"]}} · maybe: {{headcount["maybe"]}} · not coming: {{headcount["no"]}}</p>
% if closed:
<p>Replies are closed.</p>
% else:
<form action="/events/{{event["id"]}}/rsvp" method="post">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
% for status in ("yes", "no", "maybe"):
  <label><input type="radio" name="status" value="{{status}}"{{" checked" if reply and reply["status"] == status else ""}}> {{status}}</label>
% end
  <label>Guests <input type="number" name="guests" min="0" max="{{max_guests}}" value="{{reply["guests"] if reply else 0}}"></label>
  <button>Reply</button>
</form>
% end
""")

TOKENS = SimpleTemplate("""<h1>App tokens</h1>
<p>The mobile app signs in with a token. Revoke a token when you lose the phone it is on.</p>
% if new_token:
<p>Your new token (copy it now, it is not shown again): <code>{{new_token}}</code></p>
% end
<ul>
% for token in tokens:
  <li>{{token["label"]}}, created {{when(token["created_at"])}}
    <form action="/settings/tokens/{{token["id"]}}/revoke" method="post">
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <button>Revoke</button>
    </form>
  </li>
% end
</ul>
<form action="/settings/tokens" method="post">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <label>Name <input name="label" maxlength="60" required></label>
  <button>Create a token</button>
</form>
""")


def when(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%a %d %b %Y, %H:%M UTC")


def _page(title: str, user, csrf: str, content: str) -> str:
    return LAYOUT.render(title=title, user=user, csrf=csrf, content=content)


def events(user, csrf: str, rows) -> str:
    return _page("Events", user, csrf, EVENTS.render(events=rows, when=when))


def event(user, csrf: str, row, reply, headcount: dict, closed: bool, max_guests: int) -> str:
    content = EVENT.render(event=row, when=when, csrf=csrf, reply=reply, headcount=headcount,
                           closed=closed, max_guests=max_guests)
    return _page(row["title"], user, csrf, content)


def tokens(user, csrf: str, rows, new_token: str | None = None) -> str:
    return _page("App tokens", user, csrf, TOKENS.render(tokens=rows, when=when, csrf=csrf, new_token=new_token))
