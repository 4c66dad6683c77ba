"""Pages and figures cached by data version, and conditional GETs from it.

Every cached thing is keyed by `DataVersion.token`, read once per request (one query on a
one-row table). A change anywhere in the data bumps the token in the same transaction, so the
next request in any process misses the old entries: invalidation needs no message between
processes and works the same with each process's own local-memory cache or a shared Redis.
Old entries are never read again and age out (the cache's TIMEOUT, or its culling).

Views opt in with `@page_cached`; `PageCacheMiddleware`, placed straight after whitenoise,
answers their requests from the cache before the session, CSRF, auth and the rest run, and
stores their responses with the headers that middleware added. Only requests without a session
cookie share pages: a signed-in user (the admin) may one day see more on a page, so theirs are
rendered each time and get no ETag. A response that sets a cookie (a CSRF token in a form) or is
not a 200 is never stored.

The host is checked (ALLOWED_HOSTS) before the cache answers, and is part of every page's key and
ETag: a page's absolute links come from SITE_URL in production but from the request's host in
development, so a request for another allowed host or port never answers another's visitors.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from inspections.models import DataVersion

#: Request headers a page's content depends on, besides its URL (htmx partials), as WSGI names.
VARIANT_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_HISTORY_RESTORE_REQUEST")


def data_version(request: HttpRequest) -> DataVersion:
    """The data version for this request: read once, then the same for all its parts."""
    version = getattr(request, "_data_version", None)
    if version is None:
        version = request._data_version = DataVersion.current()
    return version


def _key(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def cached[T](request: HttpRequest, name: str, build: Callable[[], T], *parts) -> T:
    """`build()`'s value for this data version and these parts: built once, then from the cache."""
    key = "value:" + _key(data_version(request).token, name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value)
    return value


def page_cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a GET view whose page PageCacheMiddleware may serve from the cache.

    Decorators applied over it with functools.wraps (require_safe…) keep the mark."""
    view.page_cached = True
    return view


def is_shared(request: HttpRequest) -> bool:
    """The same page for every such request: no session, so nobody is signed in."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


@functools.lru_cache(maxsize=4096)
def _view(urlconf: str | None, path: str) -> Callable | None:
    """The path's view; remembered, as URL patterns do not change."""
    try:
        return resolve(path, urlconf).func
    except Resolver404:
        return None


def _is_marked(urlconf: str | None, path: str) -> bool:
    """Whether the path's view is @page_cached."""
    return getattr(_view(urlconf, path), "page_cached", False)


def _marked_as_the_view_would(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """A response the view did not build (from the cache, a 304) given the attributes the view's
    decorators set on its own (an embed's framing and CSP: dashboard.framing), which the outer
    middleware read."""
    marks = getattr(_view(get_urlconf(), request.path_info), "response_marks", {})
    for name, value in marks.items():
        setattr(response, name, value)
    return response


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not _is_marked(
            get_urlconf(), request.path_info
        ):
            return self.get_response(request)
        # A host outside ALLOWED_HOSTS raises DisallowedHost: a 400, never a page from the cache.
        host = request.get_host()
        if not is_shared(request):
            response = self.get_response(request)
            # A signed-in user's page may differ: shared caches must keep them apart.
            patch_vary_headers(response, ["Cookie"])
            return response
        try:
            version = data_version(request)
        except (OperationalError, InterfaceError):
            # The database is restarting: render the page uncached, where the view's reads are
            # retried on a new connection (config.middleware).
            return self.get_response(request)
        variant = (request.scheme, host, *(request.META.get(name, "") for name in VARIANT_HEADERS))
        # Pages count from today too (how long an authority has been inadequate, the chart's
        # last point): they change at midnight as well as with the data.
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        etag = quote_etag(_key(version.token, midnight.date(), variant)[:24])
        changed_at = int(max(version.changed_at, midnight).timestamp())  # HTTP: whole seconds
        response = get_conditional_response(request, etag=etag, last_modified=changed_at)
        if response is not None:
            _marked_as_the_view_would(response, request)
        else:
            key = "page:" + _key(version.token, midnight.date(), variant, request.get_full_path())
            if (entry := cache.get(key)) is not None:
                content, headers = entry
                response = HttpResponse(content, headers=headers)
                _marked_as_the_view_would(response, request)
            else:
                response = self.get_response(request)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                cache.set(key, (response.content, dict(response.headers)))
        response["ETag"] = etag
        response["Last-Modified"] = http_date(changed_at)
        patch_cache_control(response, no_cache=True)  # stored, but revalidated every time
        patch_vary_headers(response, ["Cookie"])
        return response
