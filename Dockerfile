# coding-env-mcp: the PR-review MCP server (SSE + streamable HTTP + /health, /tasks, /grader on port 8000).
#
#   docker build -t coding-env-mcp .
#   docker run --rm -p 8000:8000 -e CODING_ENV_MCP_TOKEN=change-me coding-env-mcp
#
# See docs/container.md for the settings (allowed hosts, token, limits) and client configs.

# --- build: the runtime dependencies, then the package with the task suite inside it ----------------------
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
# Dependencies first, each pinned and checked against its hash in requirements.lock (regenerate it with the
# command in its header), so a change to the code reuses this layer. The venv has no pip of its own: the base
# image's pip installs into it (--python), and the runtime gets only what the server imports.
COPY requirements.lock ./
RUN python -m venv --without-pip /opt/venv \
    && pip --python /opt/venv/bin/python install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY coding_env_mcp ./coding_env_mcp
COPY tasks ./tasks
RUN pip --python /opt/venv/bin/python install --no-cache-dir --no-deps .

# --- runtime ----------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

# The name server.json lists this image under in the MCP registry, which checks the label.
LABEL io.modelcontextprotocol.server.name="io.github.coding-env-mcp/coding-env-mcp"

# bubblewrap: namespace isolation for run_python (the server probes for it and reports the level in force).
# tini: PID 1 that forwards SIGTERM to the server (which drains) and reaps orphaned processes.
# Versions are left to the distribution so its security updates apply on every rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap tini \
    && rm -rf /var/lib/apt/lists/*

# The server runs as root inside the container, deliberately. run_python's code must never reach the answer
# keys, and Docker's default seccomp profile forbids the user namespaces bubblewrap needs; what isolates that
# code then is the `uid` level: each worker runs under its own unprivileged uid behind a seccomp filter and
# resource limits, and switching uids takes root. The server refuses to start below that level
# (CODING_ENV_MCP_REQUIRE_ISOLATION), so it never runs code as itself. Where user namespaces are allowed,
# `--user 10001:10001 -e CODING_ENV_MCP_REQUIRE_ISOLATION=bwrap` runs the server unprivileged instead.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app \
    && mkdir -p /data && chown root:app /data && chmod 0770 /data

COPY --from=build /opt/venv /opt/venv

# The task suite holds the answer keys: readable by root and the app group only, never by any other user
# (such as the uids run_python's workers run as).
RUN tasks=$(/opt/venv/bin/python -I -c "import coding_env_mcp, pathlib; print(pathlib.Path(coding_env_mcp.__file__).parent / '_tasks')") \
    && chown -R root:app "$tasks" \
    && chmod -R u=rwX,g=rX,o= "$tasks" \
    && /opt/venv/bin/coding-env-mcp tasks validate --no-witnesses

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CODING_ENV_MCP_REQUIRE_ISOLATION=uid \
    CODING_ENV_MCP_DB=/data/episodes.db

# The episode record (every reset, finding, run and grade) outlives the container on this volume.
VOLUME ["/data"]
WORKDIR /data
EXPOSE 8000

# Sends the bearer token when CODING_ENV_MCP_TOKEN is set, since every route requires it then.
# While starting it is probed every second (--start-interval, Docker 25+), so `healthy` comes within a
# second or two of the server answering.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --start-interval=1s --retries=3 \
    CMD ["python", "-m", "coding_env_mcp.http.healthcheck", "http://127.0.0.1:8000/health"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["coding-env-mcp", "serve", "--transport", "http", "--host", "0.0.0.0", "--port", "8000"]
