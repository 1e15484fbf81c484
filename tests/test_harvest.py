"""`linkwork load URL`: harvesting against a real HTTP server on 127.0.0.1, never a mock.

The server (the standard library's ThreadingHTTPServer, in a thread) serves
feeds the tests generate (illustrative, made up): a paged Open Referral API that
echoes a wrong page number and whose one /services/{id} call fails, one that
changes between pages once and one that never stops changing, one that fails on
its last page, a slow one, a flaky one, a Meeting Guide feed and a BMLT root
server. Each load goes through the real command against an on-disk store.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner
from linkwork.api.export import export
from linkwork.graph.store import Store
from linkwork.loaders.openreferral import validator
from linkwork.loaders.pipeline import load_sources

from linkwork.cli import cli

LW = "https://w3id.org/linkwork/ns#"
PER_PAGE = 2

#: route prefix -> handler(path, query, state) -> (status, body, headers)
Route = Callable[[str, dict, dict], tuple[int, object, dict]]


def u(n: int) -> str:
    return str(uuid.UUID(int=n))


ORG = {"id": u(1), "name": "Illustrative provider", "description": "made up for the harvest tests"}


def service(i: int, *, full: bool = True) -> dict:
    s = {"id": u(100 + i), "name": f"Illustrative service {i}", "status": "active", "organization": ORG}
    if full:
        s["description"] = f"Full record of illustrative service {i}"
        s["service_areas"] = [{"id": u(300 + i), "name": "Preston"}]
    return s


def page(items: list[dict], query: dict, *, total: int | None = None) -> dict:
    """One page of a 3.0 list; the echoed page number is always 1, as some servers do (never trusted)."""
    n = int(query.get("page", 1))
    chunk = items[(n - 1) * PER_PAGE:n * PER_PAGE]
    count = len(items) if total is None else total
    return {"total_items": count, "total_pages": -(-count // PER_PAGE), "page_number": 1, "size": len(chunk),
            "first_page": n == 1, "last_page": n * PER_PAGE >= count, "empty": not chunk, "contents": chunk}


def directory(n: int, *, broken_detail: int | None = None, bad: int | None = None) -> Route:
    """A paged API of ``n`` services whose /services/{id} fails for ``broken_detail``."""
    services = [service(i) for i in range(n)]
    if bad is not None:
        services[bad]["status"] = "sometimes"

    def route(path: str, query: dict, state: dict) -> tuple[int, object, dict]:
        rest = path.rstrip("/").rsplit("/services", 1)[1]
        if rest:
            ident = rest.strip("/")
            if broken_detail is not None and ident == u(100 + broken_detail):
                return 500, {"error": "illustrative failure"}, {}
            return next(((200, s, {}) for s in services if s["id"] == ident), (404, {}, {}))
        summaries = [{k: v for k, v in s.items() if k in ("id", "name", "status", "organization")} for s in services]
        return 200, page(summaries, query), {}
    return route


def changing(always: bool) -> Route:
    """A list that gains a service at its front after the first page is served (once, or on every request)."""
    def route(path: str, query: dict, state: dict) -> tuple[int, object, dict]:
        if path.rstrip("/").rsplit("/services", 1)[1]:
            return 404, {}, {}
        items = state.setdefault("items", [service(i) for i in range(4)])
        body = page(items, query)
        if always or not state.get("changed"):
            items.insert(0, service(50 + len(items)))
            state["changed"] = True
        return 200, body, {}
    return route


def failing_last() -> Route:
    def route(path: str, query: dict, state: dict) -> tuple[int, object, dict]:
        if path.rstrip("/").rsplit("/services", 1)[1]:
            return 404, {}, {}
        if query.get("page") == "3":
            return 500, "illustrative failure", {}
        return 200, page([service(i) for i in range(5)], query), {}
    return route


def slow(seconds: float) -> Route:
    def route(path: str, query: dict, state: dict) -> tuple[int, object, dict]:
        if query.get("page") == "2":
            time.sleep(seconds)
        if path.rstrip("/").rsplit("/services", 1)[1]:
            return 404, {}, {}
        return 200, page([service(i) for i in range(3)], query), {}
    return route


def flaky() -> Route:
    """503 with Retry-After on the first request, then a one-page list."""
    def route(path: str, query: dict, state: dict) -> tuple[int, object, dict]:
        state["n"] = state.get("n", 0) + 1
        if state["n"] == 1:
            return 503, "busy", {"Retry-After": "0"}
        return 200, {"total_items": 1, "total_pages": 1, "page_number": 1, "contents": [service(7)]}, {}
    return route


def v1_service(n: int) -> dict:
    """An Open Referral UK 1.0 service as Outpost-style servers publish it (integer id, ``organisation``)."""
    return {"id": n, "name": f"Illustrative v1 service {n}", "description": "Made up.", "status": "active",
            "organisation": {"id": 10, "name": "Illustrative v1 council", "description": "Made up."},
            "service_areas": [{"id": 1, "name": "Lancaster"}]}


def v1_directory(path: str, query: dict, state: dict) -> tuple[int, object, dict]:
    """A v1 (Spring-style) list counting pages from 0, echoing ``number`` 0 whatever was asked."""
    services = [v1_service(n) for n in range(1, 6)]
    rest = path.rstrip("/").rsplit("/services", 1)[1]
    if rest:
        return next(((200, x, {}) for x in services if str(x["id"]) == rest.strip("/")), (404, {}, {}))
    n = int(query.get("page", 0))
    chunk = services[n * PER_PAGE:(n + 1) * PER_PAGE]
    return 200, {"totalElements": 5, "totalPages": 3, "number": 0, "size": PER_PAGE, "first": n == 0,
                 "last": (n + 1) * PER_PAGE >= 5, "empty": not chunk, "content": chunk}, {}


MEETINGS = [
    {"name": "Illustrative evening meeting", "slug": "evening", "day": 2, "time": "7:00 PM", "city": "Preston",
     "address": "1 Example Street", "types": ["O"]},
    {"name": "Illustrative morning meeting", "slug": "morning", "day": 3, "time": "07:00", "city": "Preston",
     "address": "1 Example Street", "types": ["O"]},
    {"name": "Illustrative bad meeting", "slug": "bad", "day": 9, "time": "19:00", "city": "Preston"},
]

BMLT = [{"id_bigint": str(900 + i), "meeting_name": f"Illustrative NA {i}", "weekday_tinyint": "2", "start_time": "19:30:00",
         "duration_time": "01:00:00", "formats": "O", "venue_type": "1", "location_street": "1 Example Road",
         "location_municipality": "Preston", "service_body_bigint": "2"} for i in range(3)]


BODIES = [{"id": "1", "parent_id": "0", "name": "Illustrative Region", "type": "RS"},
          {"id": "2", "parent_id": "1", "name": "Illustrative Area", "type": "AS"},
          {"id": "3", "parent_id": "9", "name": "Illustrative Zone", "type": "ZF"}]


def bmlt_server(path: str, query: dict, state: dict) -> tuple[int, object, dict]:
    if path.endswith("/client_interface/json/") and query.get("switcher") == "GetSearchResults":
        if query.get("get_used_formats") == "1":
            return 200, {"meetings": BMLT, "formats": [{"key_string": "O", "world_id": "OPEN", "name_string": "Open"}]}, {}
        fields = query.get("data_field_key")
        return 200, [{k: v for k, v in m.items() if k in fields.split(",")} for m in BMLT] if fields else BMLT, {}
    if path.endswith("/client_interface/json/") and query.get("switcher") == "GetServiceBodies":
        return 200, BODIES, {}
    if path.endswith("/client_interface/json/") and query.get("switcher") == "GetFormats":  # wrapped, as some serve it
        return 200, {"formats": [{"key_string": "O", "world_id": "CLOSED", "name_string": "Members only"}]}, {}
    return 404, {"error": f"no {path}"}, {}


ROUTES: dict[str, Route] = {
    "/dir/": directory(5, broken_detail=3),
    "/bad/": directory(4, bad=2),
    "/changing-once/": changing(always=False),
    "/changing/": changing(always=True),
    "/fail-last/": failing_last(),
    "/slow/": slow(1.0),
    "/flaky/": flaky(),
    "/mg/": lambda path, query, state: (200, MEETINGS, {}),
    "/bmlt/": bmlt_server,
    "/v1/": v1_directory,
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the standard library names it so
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        server = self.server
        prefix = next(p for p in ROUTES if parts.path.startswith(p))
        server.log.append((parts.path, query, self.headers.get("User-Agent", "")))  # type: ignore[attr-defined]
        status, body, headers = ROUTES[prefix](parts.path, query, server.state.setdefault(prefix, {}))  # type: ignore[attr-defined]
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the slow server's timeout)
            pass

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.log = []  # type: ignore[attr-defined]
    httpd.state = {}  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def url(server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def run(store: Path, *args: str):
    result = CliRunner().invoke(cli, ["--store", str(store), "load", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def rows(store: Path, sparql: str, *names: str) -> list[tuple[str, ...]]:
    s = Store(store, read_only=True)
    try:
        return sorted(tuple(r[n].value for n in names) for r in s.query(sparql))
    finally:
        s.close()


def state_hash(store: Path) -> str:
    if not store.exists():
        return "absent"
    s = Store(store, read_only=True)
    try:
        return hashlib.sha256("\n".join(sorted(str(q) for q in s.quads())).encode()).hexdigest()
    finally:
        s.close()


def requests_to(server, prefix: str) -> list[tuple[str, dict, str]]:
    """The requests this test made under ``prefix`` (the log is emptied before each test)."""
    return [r for r in server.log if r[0].startswith(prefix)]


@pytest.fixture(autouse=True)
def fresh_log(server):
    server.log.clear()


def test_a_paged_api_is_read_to_the_end_in_full_records(server, tmp_path):
    store = tmp_path / "store"
    feed = url(server, "/dir/services")
    result = run(store, "--format", "hsds", "--all-warnings", feed)
    assert result.exit_code == 0, result.output
    assert f"{feed}: hsds," in result.stdout
    services = rows(store, f"SELECT ?s ?d WHERE {{ ?s a <{LW}Service> OPTIONAL {{ ?s <http://www.w3.org/2000/01/rdf-schema#comment> ?d }} }}", "s")
    assert len(services) == 5  # three pages, although the server echoes page 1 each time
    described = rows(store, f"SELECT ?s WHERE {{ ?s a <{LW}Service> ; <http://www.w3.org/2000/01/rdf-schema#comment> ?d }}", "s")
    assert len(described) == 4  # the full records; the fifth is its list item
    assert f"warning: {feed}: service {u(103)} answered HTTP 500" in result.stdout
    assert "the list item is used instead" in result.stdout
    pages = sorted(q.get("page", "1") for path, q, _ in requests_to(server, "/dir/") if path.endswith("/services"))
    assert pages == ["1", "2", "3"]
    assert all(ua.startswith("linkwork/") for _, _, ua in requests_to(server, "/dir/"))
    [(retrieved,)] = rows(store, f"SELECT ?t WHERE {{ <{feed}> <{LW}retrievedAt> ?t }}", "t")
    assert retrieved[:4].isdigit()
    cited = rows(store, f"SELECT DISTINCT ?src WHERE {{ ?s a <{LW}Service> ; <http://purl.org/dc/terms/source> ?src }}", "src")
    assert cited == [(feed,)]

    again = run(store, "--format", "hsds", feed)  # harvested again: replaced whole, nothing doubled
    assert again.exit_code == 0, again.output
    assert len(rows(store, f"SELECT ?s WHERE {{ ?s a <{LW}Service> }}", "s")) == 5
    assert len(rows(store, f"SELECT ?g WHERE {{ ?g a <{LW}Source> FILTER (?g = <{feed}>) }}", "g")) == 1


def test_max_pages_reads_only_the_first_pages_and_says_so(server, tmp_path):
    store = tmp_path / "store"
    feed = url(server, "/dir/services")
    result = run(store, "--format", "hsds", "--max-pages", "1", "--all-warnings", feed)
    assert result.exit_code == 0, result.output
    assert "stopped after --max-pages 1 of 3 pages: 2 records of 5 were read" in result.stdout
    assert len(rows(store, f"SELECT ?s WHERE {{ ?s a <{LW}Service> }}", "s")) == 2


def test_a_feed_that_changes_between_pages_is_read_again(server, tmp_path):
    store = tmp_path / "store"
    result = run(store, "--format", "hsds", "--all-warnings", url(server, "/changing-once/services"))
    assert result.exit_code == 0, result.output
    assert "the feed changed while it was read; read again from the start (2 passes)" in result.stdout
    assert len(rows(store, f"SELECT ?s WHERE {{ ?s a <{LW}Service> }}", "s")) == 5


@pytest.mark.parametrize("path,args,message", [
    ("/changing/services", ["--retries", "0"], "the feed changed while it was read"),
    ("/fail-last/services", ["--retries", "1"], "page 3 answered HTTP 500 Internal Server Error, 2 tries"),
    ("/slow/services", ["--retries", "0", "--timeout", "0.3"], "page 2 timed out after 0.3 s"),
])
def test_a_harvest_that_fails_midway_stores_nothing(server, tmp_path, path, args, message):
    store = tmp_path / "store"
    assert run(store, url(server, "/mg/meetings.json"), "--skip-invalid").exit_code == 0  # something to leave alone
    before = state_hash(store)
    result = run(store, "--format", "hsds", *args, url(server, path))
    assert result.exit_code == 1, result.output
    assert message in result.stderr, result.stderr
    assert result.stderr.strip().endswith("nothing was stored.")
    assert state_hash(store) == before


def test_retries_wait_and_ask_again(server, tmp_path):
    result = run(tmp_path / "store", "--format", "hsds", "--retries", "1", url(server, "/flaky/services"))
    assert result.exit_code == 0, result.output
    assert len(requests_to(server, "/flaky/")) == 3  # 503, then the list, then the service in full


def test_a_meeting_guide_feed_by_url_is_located_in_the_feed(server, tmp_path):
    store = tmp_path / "store"
    feed = url(server, "/mg/meetings.json")
    plain = run(store, feed)
    assert plain.exit_code == 1
    assert f"{feed}:/2/day: day: 9 is not a day" in plain.stderr
    result = run(store, "--skip-invalid", "--all-warnings", feed)
    assert result.exit_code == 0, result.output
    assert f"refused: {feed}:/2/day" in result.stdout
    assert f"warning: {feed}:/0/time: time: '7:00 PM' is a 12-hour time: read as 19:00" in result.stdout
    opens = rows(store, f"SELECT ?slug ?t WHERE {{ ?m <{LW}slug> ?slug ; <{LW}opens> ?t }}", "slug", "t")
    assert opens == [("evening", "19:00"), ("morning", "07:00")]


def test_a_bmlt_root_server_is_read_through_its_client_interface(server, tmp_path):
    store = tmp_path / "store"
    root = url(server, "/bmlt/main_server/")
    result = run(store, "--format", "bmlt", root)
    assert result.exit_code == 0, result.output
    assert len(rows(store, f"SELECT ?m WHERE {{ ?m a <{LW}Meeting> }}", "m")) == 3
    (path, q, _), (_, q2, _) = requests_to(server, "/bmlt/")
    assert path == "/bmlt/main_server/client_interface/json/"
    assert (q["switcher"], q["get_used_formats"], q2["switcher"]) == ("GetSearchResults", "1", "GetServiceBodies")
    published = rows(store, f"SELECT ?n ?pn WHERE {{ ?m a <{LW}Meeting> ; <http://purl.org/dc/terms/publisher> ?o . "
                            f"?o <http://www.w3.org/2000/01/rdf-schema#label> ?n ; <{LW}parentOrganisation> ?p . "
                            f"?p <http://www.w3.org/2000/01/rdf-schema#label> ?pn }}", "n", "pn")
    assert published == [("Illustrative Area", "Illustrative Region")] * 3
    bodies = url(server, "/bmlt/main_server/client_interface/json/?switcher=GetServiceBodies")
    assert f"warning: {root}:{bodies} /2/parent_id: parent_id: '9' is not a service body listed" in result.stdout


def test_a_refused_record_of_a_harvest_names_where_it_was_served(server, tmp_path):
    store = tmp_path / "store"
    feed = url(server, "/bad/services")
    report = tmp_path / "refused.json"
    result = run(store, "--format", "hsds", "--skip-invalid", "--report", str(report), feed)
    assert result.exit_code == 0, result.output
    [source] = json.loads(report.read_text())["sources"]
    [refused] = source["refused"]
    assert refused["record"] == url(server, f"/bad/services/{u(102)}")
    assert refused["reasons"][0]["where"] == url(server, f"/bad/services/{u(102)}") + "/status"
    assert len(rows(store, f"SELECT ?s WHERE {{ ?s a <{LW}Service> }}", "s")) == 3


def test_a_url_that_answers_404_is_a_located_error(server, tmp_path):
    result = run(tmp_path / "store", url(server, "/bmlt/nothing.json"))
    assert result.exit_code == 1
    assert "/bmlt/nothing.json: the feed answered HTTP 404 Not Found" in result.stderr


def test_an_oruk_1_api_is_paged_from_0_whatever_page_it_echoes(server, tmp_path):
    store = tmp_path / "store"
    feed = url(server, "/v1/services")
    result = run(store, "--format", "oruk", feed)
    assert result.exit_code == 0, result.output
    assert len(rows(store, f"SELECT ?s WHERE {{ ?s a <{LW}Service> }}", "s")) == 5
    pages = [q.get("page") for path, q, _ in requests_to(server, "/v1/") if path.endswith("/services")]
    assert pages == [None, "1", "2"]


def test_a_harvested_directory_exports_back_valid(server, tmp_path):
    store = Store()
    load_sources(store, [url(server, "/dir/services")], fmt="hsds", http={"retries": 0})
    records = json.loads(export(store, "hsds"))
    assert len(records) == 5 and all(not list(validator("hsds-3.0", "service").iter_errors(r)) for r in records)


def test_a_bmlt_search_with_a_field_subset_gets_the_formats_list(server, tmp_path):
    """The user's own GetSearchResults URL (a data_field_key subset, no get_used_formats) is kept as given;
    the server's formats list (wrapped here) is fetched to read the codes, and the service bodies."""
    store = tmp_path / "store"
    search = url(server, "/bmlt/main_server/client_interface/json/?switcher=GetSearchResults"
                         "&data_field_key=id_bigint,meeting_name,weekday_tinyint,start_time,formats")
    result = run(store, "--format", "bmlt", search)
    assert result.exit_code == 0, result.output
    switchers = [q.get("switcher") for path, q, _ in requests_to(server, "/bmlt/") if "data_field_key" in q or
                 q.get("switcher") in ("GetFormats", "GetServiceBodies")]
    assert switchers[-3:] == ["GetSearchResults", "GetServiceBodies", "GetFormats"]
    types = rows(store, f"SELECT DISTINCT ?t WHERE {{ ?m a <{LW}Meeting> ; <{LW}meetingType> ?t }}", "t")
    assert types == [("https://w3id.org/linkwork/vocab/meeting-type/closed",)]  # "O" read through its world id here
