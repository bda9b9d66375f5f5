# The 512 KB cap must hold for responses that do not declare a Content-Length (chunked or
# connection-close bodies): the preview code must never pull more than MAX_BODY + 1 bytes.
from chat import previews


class Stream:
    """A chunked response: no Content-Length, an 8 MB body; counts the bytes handed out."""

    def __init__(self, body):
        self.status = 200
        self.headers = {"Content-Type": "text/html; charset=utf-8"}
        self.body = body
        self.pos = 0

    def read(self, size=-1):
        end = len(self.body) if size is None or size < 0 else min(len(self.body), self.pos + size)
        chunk, self.pos = self.body[self.pos:end], end
        return chunk

    def close(self):
        pass


huge = Stream(b"<html><head><title>Big</title></head><body>" + b"A" * (8 * 1024 * 1024))
previews.preview("https://news.example/big", lambda url, timeout: huge, lambda host: ["93.184.216.34"])
assert huge.pos <= previews.MAX_BODY + 1, (
    f"{huge.pos} bytes read from a body without Content-Length; the cap is {previews.MAX_BODY}")

# A small page without Content-Length still gets its preview.
small = Stream(b"<title>Small page</title>")
found = previews.preview("https://news.example/small", lambda url, timeout: small, lambda host: ["93.184.216.34"])
assert found is not None and found.title == "Small page", found
print("ok")
