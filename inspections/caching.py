"""Pages and figures cached by data version, and conditional GETs from it.

Every cached thing is keyed by `DataVersion.token`, read once per request (one query on a
one-row table). A change anywhere in the data bumps the token in the same transaction, so the
next request in any process misses the old entries: invalidation needs no message between
processes and works the same with each process's own local-memory cache or a shared Redis.
Old entries are never read again and age out (the cache's TIMEOUT, or its culling).

Only requests without a session cookie share pages: a signed-in user (the admin) may one day
see more on a page, so their requests are rendered each time and get no ETag. A response that
sets a cookie (a CSRF token in a form) is never stored.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from .models import DataVersion

T = TypeVar("T")

#: Request headers a page's content depends on, besides its URL (htmx partials).
VARIANT_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def data_version(request: HttpRequest) -> DataVersion:
    """The data version for this request: read once, then the same for all its parts."""
    version = getattr(request, "_data_version", None)
    if version is None:
        version = request._data_version = DataVersion.current()
    return version


def _key(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def cached(request: HttpRequest, name: str, build: Callable[[], T], *parts) -> T:
    """`build()`'s value for this data version and these parts: built once, then from the cache."""
    key = "value:" + _key(data_version(request).token, name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value)
    return value


def is_shared(request: HttpRequest) -> bool:
    """The same page for every such request: no session, so nobody is signed in."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _variant(request: HttpRequest) -> tuple[str, ...]:
    return tuple(request.headers.get(name, "") for name in VARIANT_HEADERS)


def _etag(request: HttpRequest, *args, **kwargs) -> str | None:
    if not is_shared(request):
        return None
    return _key(data_version(request).token, _variant(request))[:24]


def _last_modified(request: HttpRequest, *args, **kwargs):
    return data_version(request).changed_at if is_shared(request) else None


def page_cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET view's page from the cache while the data is unchanged, with an ETag and
    Last-Modified so a browser's repeat request gets a 304; browsers revalidate every time."""

    @functools.wraps(view)
    def from_cache_or_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_shared(request):
            return view(request, *args, **kwargs)
        key = "page:" + _key(
            data_version(request).token, _variant(request), request.get_full_path()
        )
        if (entry := cache.get(key)) is not None:
            content, headers = entry
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, dict(response.headers)))
        return response

    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(from_cache_or_view)

    @functools.wraps(view)
    def page_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = conditional(request, *args, **kwargs)
        if is_shared(request):
            patch_cache_control(response, no_cache=True)
        # A signed-in user's page may differ: shared caches must keep them apart.
        patch_vary_headers(response, ["Cookie"])
        return response

    return page_view
