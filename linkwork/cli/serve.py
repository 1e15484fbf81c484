"""`linkwork serve`: the HTTP API under uvicorn, or one request through it (`--get`)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from linkwork.cli.backend import backend_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 makes the API reachable from other machines.")
@click.option("--port", "-p", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; each builds its own model from the store (opened read-only).")
@click.option("--reload", is_flag=True, help="Restart when the code changes (for development).")
@click.option("--max-body", default=1 << 20, show_default=True, type=click.IntRange(1), metavar="BYTES",
              help="Largest request body accepted; a bigger one gets 413.")
@click.option("--get", "get_path", metavar="PATH",
              help="Send one GET request for PATH through the app in-process, print the response body and exit "
                   "(status 1 unless it answered 2xx); no server is started.")
@backend_option
@click.pass_obj
def serve(obj, host: str, port: int, workers: int, reload: bool, max_body: int, get_path: str | None) -> None:
    """Serve the HTTP API (Open Referral UK 3.0 and linkwork's own) over the store.

    The store is opened read-only. The model is built in the background when
    the server starts: until it is ready `/health` says "building" and the
    other endpoints answer 503 with Retry-After. OpenAPI is at /openapi.json
    and browsable documentation at /docs (served locally, no CDN).

    \b
    Examples:
      linkwork serve                          # http://127.0.0.1:8001/docs
      linkwork serve --port 9000 --workers 2
      linkwork serve --get /services?per_page=1
      linkwork serve --get /health
      linkwork serve --backend neo4j --workers 2   # every worker answers from the shared graph
    """
    from linkwork.api.app import create_app
    from linkwork.graph.neo4j.backend import SERVE_CHECK_EVERY

    obj.check_every = SERVE_CHECK_EVERY  # with --backend neo4j: how often the graph's version is read
    if get_path is not None:
        status, text = _get(create_app(obj.core(read_only=True), max_body=max_body, build=False), get_path)
        click.echo(text)
        if not 200 <= status < 300:
            click.echo(f"status {status}", err=True)
            sys.exit(1)
        return

    import uvicorn

    _print_addresses(host, port)
    if workers > 1 or reload:  # uvicorn starts the processes; each opens the store itself
        obj.close()
        os.environ["LINKWORK_STORE"] = str(Path(obj.store_path).resolve())
        os.environ["LINKWORK_BACKEND"] = obj.backend
        os.environ["LINKWORK_MAX_BODY"] = str(max_body)
        here = Path(__file__).resolve().parent.parent.parent
        uvicorn.run("linkwork.api.app:app_from_env", factory=True, host=host, port=port, workers=None if reload else workers,
                    reload=reload, reload_dirs=[str(here)] if reload else None, log_level="info", access_log=False,
                    log_config=_log_config())
    else:
        uvicorn.run(create_app(obj.core(read_only=True), max_body=max_body), host=host, port=port, log_level="info",
                    access_log=False, log_config=_log_config())


def _print_addresses(host: str, port: int) -> None:
    """The pages and the API's documentation, as links a person can open (before uvicorn's own lines)."""
    from linkwork.viz.pages.home import links

    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    rows = [("Home", "/"), *((p["title"], p["path"]) for p in links()), ("API docs", "/docs")]
    click.echo("linkwork is serving the store (Ctrl-C to stop):")
    for title, path in rows:
        click.echo(f"  {title:<14} {base}{path}")


def _log_config() -> dict:
    """uvicorn's logging, plus linkwork's access log (by path, never the query: see linkwork.api.access_log)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["linkwork.api.access"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _get(app, path: str) -> tuple[int, str]:
    """One GET through the app in-process, after the model is built (so never a 503)."""
    import asyncio

    import httpx

    app.state.model_state.build_now()

    async def one() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8001") as client:
            return await client.get(path if path.startswith("/") else "/" + path)

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no loop here, run one
        r = asyncio.run(one())
    else:  # called from inside a running loop (a notebook, a test session driving a browser): use a thread of its own
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            r = pool.submit(asyncio.run, one()).result()
    return r.status_code, r.text
