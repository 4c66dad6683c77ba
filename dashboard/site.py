"""The site's own address, for absolute links and for the admin's script policy.

`SITE_URL` (setting and environment variable, e.g. `https://inspections.example.org`, no
trailing slash) is where the public reaches the site. In production it defaults to https and the
first host of ALLOWED_HOSTS, so a request's own Host header never decides what an absolute link,
an embed snippet or a policy source says. In development (SITE_URL unset) the request's host is
used, which ALLOWED_HOSTS has already checked.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site_url(request: HttpRequest | None = None) -> str:
    """The scheme and host absolute links start with, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is None:
        raise ValueError("SITE_URL is not set: pass the request to build from its host.")
    return f"{request.scheme}://{request.get_host()}"


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """An absolute URL for a site path ("/authorities/sandwell/?show=overall")."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url(request) + (path if path.startswith("/") else "/" + path)
