"""The admin's own Content Security Policy: a second wall behind escaping.

The site's policy allows any script from the site itself (`script-src 'self'`), which includes
the public pages' htmx: markup that reached an admin page (from a report PDF, say) could load it
and make the editor's browser post forms with the editor's CSRF token. Admin pages therefore get
a stricter `script-src`: only the scripts the admin really loads, each by its absolute address
on the configured site (dashboard/site.py), under the name the static files storage gives it (the
hashed name in production):

- Django's admin scripts (everything under `admin/js/` that the admin ships, and the select2
  translation for the site's language);
- the admin's JavaScript catalogue view (`admin:jsi18n`, used by the date widgets);
- this project's admin scripts (ADMIN_SCRIPTS). simple-history's pages load no script.

A path source names one file, so the site's other scripts (htmx, plotly, the charts) are refused
on admin pages. tests/inspections/test_admin_report_attack.py checks that this policy alone
stops the htmx payload of a crafted report, with escaping switched off.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.contrib.admin.widgets import get_select2_language
from django.contrib.staticfiles import finders
from django.core.exceptions import DisallowedHost
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.csp import CSP

from dashboard.site import site_url

#: This project's scripts that admin pages load (Media of its admin classes and templates).
ADMIN_SCRIPTS = ("inspections/admin_areas.js",)


def _django_admin_scripts() -> list[str]:
    """Every script under the admin app's static admin/js/, as static paths."""
    scripts = []
    for finder in finders.get_finders():
        for path, _storage in finder.list([]):
            path = path.replace("\\", "/")
            if path.startswith("admin/js/") and path.endswith(".js") and "/i18n/" not in path:
                scripts.append(path)
    if language := get_select2_language():
        scripts.append(f"admin/js/vendor/select2/i18n/{language}.js")
    return sorted(set(scripts))


@lru_cache(maxsize=16)
def admin_script_sources(origin: str) -> tuple[str, ...]:
    """The absolute script sources of the admin, on the site at `origin`."""
    paths = [static(path) for path in (*_django_admin_scripts(), *ADMIN_SCRIPTS)]
    paths.append(reverse("admin:jsi18n"))
    return tuple(origin + (path if path.startswith("/") else "/" + path) for path in paths)


def admin_policy(request) -> dict:
    try:
        sources = list(admin_script_sources(site_url(request)))
    except DisallowedHost:
        sources = [CSP.NONE]  # an error page for a host the site does not serve: no script
    return {**settings.SECURE_CSP, "script-src": sources}


class AdminContentSecurityPolicyMiddleware:
    """Gives admin responses the admin's policy (Django's CSP middleware then writes it).

    Listed straight after django.middleware.csp.ContentSecurityPolicyMiddleware, so its
    response passes here first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SECURE_CSP and is_admin(request):
            response._csp_config = admin_policy(request)
        return response


def is_admin(request) -> bool:
    """Whether the request is for the admin (wherever it is mounted; a URL configuration
    without the admin has none). Asked of every response, cached pages included, so the admin's
    address is looked up once per URL configuration."""
    prefix = _admin_prefix(get_urlconf())
    return prefix is not None and request.path.startswith(prefix)


@lru_cache(maxsize=8)
def _admin_prefix(urlconf: str | None) -> str | None:
    try:
        return reverse("admin:index", urlconf=urlconf)
    except NoReverseMatch:
        return None
