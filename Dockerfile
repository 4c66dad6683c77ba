# The dashboard under gunicorn, production settings. See docker-compose.yml and README "Deploying".
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production \
    GUNICORN_BIND=0.0.0.0:8000

WORKDIR /app

# Dependencies first, as their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt

COPY . .
# Hashed, gzipped static files, baked into the image (the key and host only satisfy the settings).
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v0

RUN useradd --system --create-home app && mkdir -p /app/media && chown app /app/media
USER app

EXPOSE 8000
# Migrate, then serve: gunicorn reads gunicorn.conf.py from /app.
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn"]
