# Splitcheck: web and PDF worker image (Debian slim, non-root).
# Build: docker build -t splitcheck .
# Run:   see compose.yaml and docs/operations.md.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The locked versions first, hash-checked (this layer changes only with requirements/run.txt), then
# Splitcheck itself as a wheel, which carries its templates, static files and migrations.
COPY requirements/run.txt ./requirements/
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir --require-hashes -r requirements/run.txt
COPY pyproject.toml README.md ./
COPY app ./app
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
RUN pybabel -q compile -d app/translations && pip install --no-cache-dir --no-deps .

FROM python:3.11-slim-bookworm AS runtime
# WeasyPrint's libraries (with HarfBuzz's fast font subsetter), fonts for names in any script
# (CJK: WenQuanYi; emoji: Symbola) and Graphviz for service graphs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core fonts-wqy-microhei fonts-symbola graphviz \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 splitcheck
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# Only the entry points: everything else is in the installed package.
COPY --chown=splitcheck:splitcheck wsgi.py gunicorn.conf.py ./
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    INSTANCE_PATH=/app/instance \
    BIND=0.0.0.0:8000 \
    PDF_CACHE_DIR=/data/pdf-cache
RUN mkdir -p /data /app/instance && chown splitcheck:splitcheck /data /app/instance
USER splitcheck
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# Migrations first, then the web server; the worker overrides this command.
CMD ["sh", "-c", "flask --app wsgi db upgrade && exec gunicorn -c gunicorn.conf.py wsgi:app"]
