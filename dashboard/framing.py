"""The one way to let a page be framed by other sites.

Every response is refused to frames twice over: X-Frame-Options: DENY and the policy's
frame-ancestors 'none' (config/settings.py). A page made to be embedded (an /embed/ chart) is
decorated with @embeddable, which lifts both for that view alone and keeps the rest of the policy.

The view also carries what it sets on its responses (`response_marks`), so that a response built
without running it (a page from the cache, a 304, dashboard.caching) is framed the same way.
"""

from collections.abc import Callable

from django.conf import settings
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override


def embeddable(view: Callable) -> Callable:
    policy = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
    framed = xframe_options_exempt(csp_override(policy)(view))
    framed.response_marks = {"_csp_config": policy, "xframe_options_exempt": True}
    return framed
