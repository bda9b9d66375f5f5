from chat.api import Channel, ChatAPI
from tests.test_previews import PAGE, Opener, Response, resolve


def make_api(opener=None):
    return ChatAPI([Channel(1, "general", {"ana", "bo"}), Channel(2, "ops", {"bo"})],
                   opener=opener or Opener({}), resolve=resolve)


def test_channels_are_the_users_own():
    status, body = make_api().handle("GET", "/api/channels", {}, "ana")
    assert status == 200 and body == {"channels": [{"id": 1, "name": "general"}]}


def test_needs_a_user():
    assert make_api().handle("GET", "/api/channels", {}, None)[0] == 401


def test_link_preview():
    api = make_api(Opener({"https://news.example/4.2": Response(body=PAGE)}))
    status, body = api.handle("GET", "/api/link-preview", {"url": " https://news.example/4.2 "}, "ana")
    assert status == 200 and body["preview"]["title"] == "Release notes 4.2"
    assert api.handle("GET", "/api/link-preview", {"url": "http://10.0.0.1/"}, "ana") == (200, {"preview": None})
    assert api.handle("GET", "/api/link-preview", {"url": ""}, "ana")[0] == 400
    assert api.handle("GET", "/api/link-preview", {"url": "https://news.example/" + "a" * 3000}, "ana")[0] == 400
    assert api.handle("GET", "/api/link-preview", {"url": "https://news.example/4.2"}, None)[0] == 401
