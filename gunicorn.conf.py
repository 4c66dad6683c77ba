"""gunicorn's settings, read from this directory: `gunicorn` alone serves the dashboard.

Anything served by gunicorn is production: DJANGO_ENV defaults to production here (DEBUG off,
SECRET_KEY and ALLOWED_HOSTS required, https only; see config/settings.py).
"""

import multiprocessing
import os

os.environ.setdefault("DJANGO_ENV", "production")

wsgi_app = "config.wsgi:application"
# This machine only, unless told otherwise: gunicorn belongs behind a buffering reverse proxy
# (README "Deploying"). The image sets GUNICORN_BIND=0.0.0.0:8000 for itself, as a container is
# reached from outside it; compose publishes that on 127.0.0.1 only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Page rendering is CPU-bound Python: about two processes per core keep the cores busy while one
# waits on PostgreSQL. Threads let a process hold keep-alive connections without a worker each.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = 30
graceful_timeout = 20
keepalive = 5
# gunicorn has no limit on request bodies: config.middleware.RequestBodyLimitMiddleware refuses an
# oversized one by its Content-Length before anything reads it (and the proxy should too).
# The proxy in front (or the compose network) is trusted for X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# gunicorn's control socket (one per user by default) is not used; several servers may share a host.
control_socket_disable = True
