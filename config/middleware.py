"""The site's own middleware: riding out a database restart, the request body limit, the
Permissions-Policy header, and one transaction and one record of the changes per request that
may write."""

import logging
import time

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.deprecation import MiddlewareMixin
from whitenoise.middleware import WhiteNoiseMiddleware

from authorities.signals import changes_batched

logger = logging.getLogger(__name__)
#: The manifest collectstatic writes into STATIC_ROOT (ManifestStaticFilesStorage).
MANIFEST_NAME = ManifestFilesMixin.manifest_name


class ChangesBatchedMiddleware:
    """A request that may write (any method but GET, HEAD and OPTIONS: an editor's save, delete,
    bulk action or revert in the admin) runs its view in one transaction and one batch
    (authorities.signals.changes_batched): the standings, England's series and the data version
    are brought up to date once, for the authorities it changed, however many rows it saves, and
    a view that fails leaves nothing. As Django's ATOMIC_REQUESTS does, the view alone is wrapped
    (process_view), so an error inside it rolls back rather than reaching a response first. Last
    in MIDDLEWARE: a response from process_view skips the process_view of any after it.
    """

    READS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.READS:
            return None
        with transaction.atomic(), changes_batched():
            return view_func(request, *view_args, **view_kwargs)


class RetryReadsWhenDatabaseReconnectsMiddleware(MiddlewareMixin):
    """A page read (GET or HEAD) that fails because the database connection was lost is read again
    on a new connection, waiting a little longer each time, for up to about four seconds.

    So a PostgreSQL restart (a second or two) costs the readers of that moment a wait rather than
    an error page (bench/fault_test.py measures it). Only reads are retried, which change nothing
    however often they run; any other database error, or a connection that still works, is
    raised as before. Last in MIDDLEWARE but for ChangesBatchedMiddleware (which handles writes
    only), so it sees a read's exception first.
    """

    DELAYS = (0.1, 0.25, 0.5, 1.0, 2.0)  # seconds: 3.85 in all

    def process_exception(self, request, exception):
        if request.method not in ("GET", "HEAD") or not self.is_lost_connection(exception):
            return None
        view = request.resolver_match
        for attempt, delay in enumerate(self.DELAYS, start=1):
            connection.close()
            time.sleep(delay)
            try:
                response = view.func(request, *view.args, **view.kwargs)
            except (OperationalError, InterfaceError) as error:
                if not self.is_lost_connection(error):
                    raise
                continue
            logger.warning(
                "%s read again after the database connection was lost (%d)", request.path, attempt
            )
            return response
        return None  # still down: the error page, as without this middleware

    @staticmethod
    def is_lost_connection(exception) -> bool:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return False
        return connection.connection is None or not connection.is_usable()


class PermissionsPolicyMiddleware:
    """Every response denies the browser features the site never uses (camera, microphone,
    location, payment, devices, interest-based advertising), to itself and to any frame in it.
    Django has no setting for this header. First in MIDDLEWARE, so refusals carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


#: The admin's URL names that carry a report PDF: the upload that fills in the add form, and the
#: add and change forms with their "Report PDF" field.
REPORT_UPLOAD_URL_NAMES = frozenset(
    {
        "inspections_inspection_read_report",
        "inspections_inspection_add",
        "inspections_inspection_change",
    }
)


class RequestBodyLimitMiddleware:
    """Refuses a request body larger than the site takes, by its Content-Length and before
    anything reads it: otherwise Django writes a large upload to a temporary file (and a form
    body to memory) before CSRF or the view can refuse it.

    MAX_REQUEST_BODY_BYTES everywhere; MAX_REPORT_UPLOAD_BYTES (and room for the form's other
    fields) on the admin's report upload URLs. A body sent without a length (chunked) is
    refused too: Django reads a body only up to Content-Length, so it could never be used.
    The proxy in front should refuse bodies larger still (nginx's client_max_body_size).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_TRANSFER_ENCODING" in request.META and "CONTENT_LENGTH" not in request.META:
            return self.refuse(411, "A request body must say its length (Content-Length).")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self.refuse(400, "The Content-Length header is not a number.")
        if length > settings.MAX_REQUEST_BODY_BYTES and length > self.limit_for(request):
            return self.refuse(413, "The request is too large.")
        return self.get_response(request)

    @staticmethod
    def limit_for(request) -> int:
        """The larger limit for the admin's report uploads, found by URL name (not by path, so
        it follows the admin wherever it is mounted); only looked up for bodies over the
        general limit."""
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return settings.MAX_REQUEST_BODY_BYTES
        if match.url_name in REPORT_UPLOAD_URL_NAMES and match.namespace == "admin":
            return settings.MAX_REPORT_UPLOAD_BYTES + settings.MAX_REQUEST_BODY_BYTES
        return settings.MAX_REQUEST_BODY_BYTES

    @staticmethod
    def refuse(status: int, message: str) -> HttpResponse:
        return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """whitenoise, serving STATIC_ROOT but not the manifest collectstatic writes there
    (staticfiles.json: the map of every file to its hashed name, for the server's eyes only)."""

    def __init__(self, *args, **kwargs) -> None:
        # Set before whitenoise's own __init__, which reads STATIC_ROOT through the methods below.
        self.hidden = {"/" + settings.STATIC_URL.strip("/") + "/" + MANIFEST_NAME}
        super().__init__(*args, **kwargs)

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if url not in self.hidden:
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def candidate_paths_for_url(self, url):  # the autorefresh mode (development)
        return () if url in self.hidden else super().candidate_paths_for_url(url)
