"""`linkwork serve`: `--get` answers one request in-process; the server itself answers over HTTP."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from linkwork.cli import cli
from tests.http_server import free_port


def _store(tmp_path):
    path = tmp_path / "store"
    result = CliRunner().invoke(cli, ["--store", str(path), "init"])
    assert result.exit_code == 0, result.output
    return path


def test_get_prints_the_body_and_exits_zero(tmp_path):
    path = _store(tmp_path)
    result = CliRunner().invoke(cli, ["--store", str(path), "serve", "--get", "/health"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "ready"


def test_get_exits_nonzero_unless_2xx(tmp_path):
    path = _store(tmp_path)
    result = CliRunner().invoke(cli, ["--store", str(path), "serve", "--get", "/no-such-path"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == 404


def test_get_on_a_missing_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "none"), "serve", "--get", "/health"])
    assert result.exit_code == 2 and "error: no store at" in result.output


def test_serve_answers_over_http(tmp_path):
    path = _store(tmp_path)
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "linkwork"), "--store", str(path), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                if r.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read().decode() if proc.stdout else ""
            time.sleep(0.1)
        assert r.json()["status"] == "ready"
        assert httpx.get(f"http://127.0.0.1:{port}/nope").headers["content-type"] == "application/problem+json"
    finally:
        proc.terminate()
        proc.wait(10)
    printed = proc.stdout.read().decode() if proc.stdout else ""
    assert f"Near me        http://127.0.0.1:{port}/near" in printed and f"http://127.0.0.1:{port}/docs" in printed


def test_the_worker_factory_serves_the_store_named_in_the_environment(tmp_path, monkeypatch):
    # what `serve --workers N` and `--reload` run in each worker process
    from linkwork.api.app import app_from_env

    from tests.http_server import serve_app

    monkeypatch.setenv("LINKWORK_STORE", str(_store(tmp_path)))
    with serve_app(app_from_env()) as server, server.client() as http:
        assert http.get("/health").json()["status"] == "ready"
        assert http.get("/services").json()["empty"] is True
