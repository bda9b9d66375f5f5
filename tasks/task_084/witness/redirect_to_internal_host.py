# SSRF through a redirect: a public page that redirects to an internal address must not make the
# server request that address. fetch() checks the original URL on every hop, never the redirect
# target it is about to request.
import io

from chat import previews
from chat.api import Channel, ChatAPI

DNS = {"news.example": ["93.184.216.34"], "localhost": ["127.0.0.1"], "intranet.example": ["10.1.2.3"]}


def resolve(host):
    return DNS.get(host, [host])


class Response:
    def __init__(self, status=200, body=b"", headers=None):
        self.status = status
        self.headers = {"Content-Type": "text/html", **(headers or {})}
        self._body = io.BytesIO(body)

    def read(self, size=-1):
        return self._body.read(size)

    def close(self):
        pass


INTERNAL = {
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://localhost:8500/v1/kv/secrets",
    "http://intranet.example/admin",
}


class Opener:
    def __init__(self, target):
        self.target = target
        self.requested = []

    def __call__(self, url, timeout):
        self.requested.append(url)
        if url == "https://news.example/story":
            return Response(302, headers={"Location": self.target})
        if url in INTERNAL:
            return Response(body=b"<title>AccessKeyId=AKIA... SecretAccessKey=...</title>")
        return Response(404)


for target in sorted(INTERNAL):
    opener = Opener(target)
    found = previews.preview("https://news.example/story", opener, resolve)
    assert target not in opener.requested, (
        f"the server requested the internal redirect target {target}: {opener.requested}")
    assert found is None, f"internal content leaked into the preview: {found}"

# The same through the API, as any signed-in user would do it.
opener = Opener("http://169.254.169.254/latest/meta-data/iam/security-credentials/")
api = ChatAPI([Channel(1, "general", {"ana"})], opener=opener, resolve=resolve)
status, body = api.handle("GET", "/api/link-preview", {"url": "https://news.example/story"}, "ana")
assert status == 200 and body == {"preview": None}, body
assert len(opener.requested) == 1, f"redirect to the metadata address was followed: {opener.requested}"
print("ok")
