"""The client's address the admin lockout keys on (django-axes' AXES_CLIENT_IP_CALLABLE).

X-Forwarded-For is believed only from a proxy the site trusts (TRUSTED_PROXIES): a request that
reaches gunicorn from any other address is keyed on that address, whatever header it sends, so
rotating the header cannot dodge the lockout, nor lock out an address of someone else's choosing.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest
from ipware.ip import get_client_ip


def trusted(address: str | None) -> bool:
    try:
        ip = ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    if not settings.PROXY_COUNT or not trusted(remote):
        return remote
    address, _ = get_client_ip(
        request,
        proxy_order=settings.AXES_IPWARE_PROXY_ORDER,
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        request_header_order=settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
    )
    return address
