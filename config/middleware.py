"""Riding out a database restart."""

import logging
import time

from django.db import InterfaceError, OperationalError, connection
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)


class RetryReadsWhenDatabaseReconnectsMiddleware(MiddlewareMixin):
    """A page read (GET or HEAD) that fails because the database connection was lost is read again
    on a new connection, waiting a little longer each time, for up to about four seconds.

    So a PostgreSQL restart (a second or two) costs the readers of that moment a wait rather than
    an error page (bench/fault_test.py measures it). Only reads are retried, which change nothing
    however often they run; any other database error, or a connection that still works, is
    raised as before. Last in MIDDLEWARE, so it sees the view's exception first.
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
