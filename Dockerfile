# The one image behind docker-compose's web, worker and beat services.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
COPY config ./config
COPY advisor ./advisor
COPY regions ./regions
COPY locale ./locale
COPY manage.py ./
RUN pip install --no-cache-dir -c constraints.txt . \
    && useradd --system --uid 10001 --home-dir /app advisor \
    && mkdir -p /app/var && chown advisor /app/var \
    && pybabel --quiet compile --domain django --directory locale

USER advisor
# collectstatic needs settings but no database or secret worth keeping.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput --verbosity 0

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "300", "--access-logfile", "-"]
