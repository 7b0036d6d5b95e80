# newsdesk: the production server command as an unprivileged user; data in the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NEWSDESK_DATA_DIR=/data

RUN groupadd --system newsdesk && useradd --system --gid newsdesk --home-dir /app newsdesk

WORKDIR /app
COPY pyproject.toml README.md ./
COPY newsdesk ./newsdesk
RUN pip install . && rm -rf /app/newsdesk /app/build

RUN mkdir -p /data && chown newsdesk:newsdesk /data
VOLUME ["/data"]
USER newsdesk

EXPOSE 8000
# One worker per core; override with e.g. `docker run … newsdesk serve --workers 4 …`.
CMD ["newsdesk", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
