"""The one way to let a page be framed by other sites.

Every response is refused to frames twice over: X-Frame-Options: DENY and the policy's
frame-ancestors 'none' (config/settings.py). A page made to be embedded (an /embed/ chart) is
decorated with @embeddable, which lifts both for that view alone and keeps the rest of the policy.
"""

from collections.abc import Callable

from django.conf import settings
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override


def embeddable(view: Callable) -> Callable:
    policy = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
    return xframe_options_exempt(csp_override(policy)(view))
