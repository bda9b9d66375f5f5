"""Where someone was going when they were sent to the sign-in page.

Kept in a short-lived cookie scoped to /login, so it survives failed attempts and the trip through
"forgot password" without every form and link having to carry it along."""

COOKIE = "return_to"
MAX_AGE = 15 * 60
ATTRIBUTES = "Path=/login; HttpOnly; Secure; SameSite=Lax"


def remember(request, response):
    """Keep the page named by the request's `next` parameter, if any."""
    target = request.query.get("next")
    if target:
        cookie = f"{COOKIE}={target}; Max-Age={MAX_AGE}; {ATTRIBUTES}"
        response.headers.append(("Set-Cookie", cookie))


def recall(request):
    """The page kept by remember(), or None."""
    return request.cookies.get(COOKIE) or None


def forget(response):
    response.headers.append(("Set-Cookie", f"{COOKIE}=; Max-Age=0; {ATTRIBUTES}"))
