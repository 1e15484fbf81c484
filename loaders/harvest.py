"""Harvest a feed over HTTP, whole, before anything is parsed: Open Referral APIs paged to the end,
BMLT root servers through ``client_interface/json``, Meeting Guide JSON.

A harvest either gets the whole feed or fails, so a load from a URL keeps the
promise of a load from a file: nothing is stored unless everything was read.

* **Paged APIs** (HSDS / ORUK 3.0 ``contents``, ORUK 1.0 ``content``) are read
  page by page with linkwork's own counter: the page number a server echoes is
  not trusted (servers echo 0, 1, or the number asked for). Reading stops at an
  empty page, the ``last`` flag, the total the first page gave, or
  ``max_pages``. A page that repeats the one before, or a total that changes
  while the feed is read, means the feed changed or ignores paging: the harvest
  starts again (twice at most), then fails.
* **Full records**: where the list is ``.../services``, each service is asked
  for at ``.../services/{id}``, as the ORUK validator and other consumers do;
  when that call fails the list item is used, with a warning.
* **HTTP**: a timeout per request, retries with exponential backoff on network
  errors, timeouts, 429 and 5xx (``Retry-After`` honoured up to a limit), a
  ``User-Agent`` naming linkwork, redirects followed.

The harvested document is written to a file for the format's loader; the feed's
URL is the source's identity, and the time it was read its retrieval time.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from linkwork.errors import LinkworkError

__all__ = ["Harvest", "HarvestError", "harvest", "is_url", "USER_AGENT", "with_query"]

#: Sent with every request, so a directory's operators can see who reads their feed.
USER_AGENT = "linkwork/0.1 (+https://w3id.org/linkwork; directory harvester)"

#: Pages read at the most when no --max-pages is given: a guard against a server that never ends.
PAGE_LIMIT = 10_000

#: How many times a harvest starts again when the feed changes while it is read.
RESTARTS = 2

#: The longest wait a server's Retry-After may ask for, in seconds.
MAX_RETRY_AFTER = 30.0


class HarvestError(LinkworkError):
    """A feed could not be read whole; nothing from it is stored."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


class _Changed(Exception):
    """The feed changed while it was being read (raised to start again)."""


def is_url(source: object) -> bool:
    """Whether a source given to ``linkwork load`` is a feed to harvest rather than a file.

    >>> is_url("https://example.org/services"), is_url("HTTP://x.org"), is_url("services.json")
    (True, True, False)
    """
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def with_query(url: str, **params: object) -> str:
    """``url`` with query parameters set (replacing those of the same name).

    >>> with_query("https://x.org/services?per_page=2&page=1", page=3)
    'https://x.org/services?per_page=2&page=3'
    """
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class Harvest:
    """A feed read whole: where it came from, when, the document written for its loader, and what to say."""

    url: str
    fmt: str | None
    path: Path
    retrieved_at: datetime
    pages: int = 1
    warnings: list[str] = field(default_factory=list)
    #: For a paged feed: the item list's key in the written document, and where each item came from.
    key: str | None = None
    origins: list[str] = field(default_factory=list)
    #: Other lists of the written document -> the URL that served them (a root server's service bodies).
    served: dict[str, str] = field(default_factory=dict)

    def locate(self, where: str | None) -> str | None:
        """Where a problem at ``where`` in the written document is in the feed itself: the page it was on
        (``https://x.org/services?page=3 /contents/1/name``) or, for a one-document feed, the same pointer."""
        for name, source in self.served.items():
            if where and where.startswith(f"/{name}/"):
                return f"{source} /{where[len(name) + 2:]}"
        if not where or not self.key or not where.startswith(f"/{self.key}/"):
            return where
        index, _, rest = where[len(self.key) + 2:].partition("/")
        if not index.isdigit() or int(index) >= len(self.origins):
            return where
        return self.origins[int(index)] + (f"/{rest}" if rest else "")


@dataclass
class _Client:
    """GET with a timeout, retries and backoff; every failure in words, naming the URL."""

    http: httpx.Client
    retries: int
    backoff: float
    progress: Callable[[str, int, int], None]

    def json(self, url: str, what: str, *, retries: int | None = None) -> tuple[object, bytes]:
        body = self.bytes(url, what, retries=retries)
        try:
            return json.loads(body), body
        except (ValueError, RecursionError) as exc:
            raise HarvestError(url, f"{what} is not JSON ({str(exc)[:80]})") from None

    def bytes(self, url: str, what: str, *, retries: int | None = None) -> bytes:
        tries = (self.retries if retries is None else retries) + 1
        for attempt in range(1, tries + 1):
            wait = self.backoff * 2 ** (attempt - 1)
            try:
                r = self.http.get(url)
            except httpx.TimeoutException:
                reason = f"{what} timed out after {self.http.timeout.read} s"
            except httpx.HTTPError as exc:
                reason = f"{what} could not be fetched ({type(exc).__name__}: {str(exc)[:120] or 'no reply'})"
            else:
                if r.status_code == 200:
                    return r.content
                reason = f"{what} answered HTTP {r.status_code} {r.reason_phrase}".rstrip()
                if r.status_code != 429 and r.status_code < 500:
                    raise HarvestError(url, reason)  # 404, 403...: asking again will not help
                after = r.headers.get("retry-after", "")
                if after.isdigit():
                    wait = min(float(after), MAX_RETRY_AFTER)
            if attempt == tries:
                raise HarvestError(url, reason + (f", {tries} tries" if tries > 1 else ""))
            self.progress(f"{reason}; trying again in {wait:g} s", attempt, tries)
            time.sleep(wait)
        raise AssertionError("unreachable")


def harvest(url: str, folder: Path, fmt: str | None = None, *, timeout: float = 30.0, retries: int = 3,
            backoff: float = 0.5, max_pages: int | None = None,
            progress: Callable[[str, int, int], None] = lambda stage, done, total: None) -> Harvest:
    """Read the feed at ``url`` whole and write it to a file in ``folder`` for its loader.

    Raises
    ------
    HarvestError
        if any request fails after its retries, a page is not JSON, or the feed keeps changing while it
        is read: nothing of it is kept.
    """
    started = datetime.now(UTC).replace(microsecond=0)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    with httpx.Client(timeout=httpx.Timeout(timeout), headers=headers, follow_redirects=True) as http:
        client = _Client(http, retries, backoff, progress)
        if fmt == "bmlt" or "client_interface" in url:
            return _bmlt(client, url, folder, started)
        progress(f"fetching {url}", 0, 0)
        first, body = client.json(url, "the feed")
        page_key = _page_key(first)
        if page_key is None:  # one document (Meeting Guide, a bare array, one record)
            path = folder / f"feed-{folder.name}.json"
            path.write_bytes(body)  # as received: the loader locates its problems in the feed's own text
            return Harvest(url, fmt, path, started)
        assert isinstance(first, dict)  # a page envelope
        for attempt in range(RESTARTS + 1):
            try:
                return _paged(client, url, first, page_key, folder, started, fmt, max_pages, restarts=attempt)
            except _Changed as exc:
                if attempt == RESTARTS:
                    raise HarvestError(url, f"the feed changed while it was read ({exc}), {RESTARTS + 1} times: "
                                            "try again later") from None
                progress(f"the feed changed while it was read ({exc}); reading it again", attempt + 1, RESTARTS + 1)
                again, _ = client.json(url, "the feed")
                if not isinstance(again, dict) or _page_key(again) != page_key:
                    raise HarvestError(url, "the feed is no longer a page of records") from None
                first = again
        raise AssertionError("unreachable")


def _page_key(doc: object) -> str | None:
    """The item list of a paged Open Referral response: ``contents`` (3.0) or ``content`` (ORUK 1.0)."""
    if isinstance(doc, dict):
        for key in ("contents", "content"):
            if isinstance(doc.get(key), list):
                return key
    return None


def _total(doc: dict, key: str) -> tuple[int | None, int | None]:
    items, pages = (("total_items", "total_pages") if key == "contents" else ("totalElements", "totalPages"))
    as_int = lambda v: v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None  # noqa: E731
    return as_int(doc.get(items)), as_int(doc.get(pages))


def _paged(client: _Client, url: str, first: dict, key: str, folder: Path, started: datetime, fmt: str | None,
           max_pages: int | None, *, restarts: int) -> Harvest:
    total, total_pages = _total(first, key)
    # linkwork's own page counter: the URL's page, else the first page of the envelope's convention
    # (ORUK 1.0 pages, as Spring's, count from 0; 3.0 from 1), whatever number the server echoes
    given = dict(parse_qsl(urlsplit(url).query)).get("page", "")
    number = int(given) if given.isdigit() else (0 if key == "content" else 1)
    items: list[dict] = []
    origins: list[str] = []
    seen: dict[str, str] = {}
    doc: dict = first
    page_url = url
    pages = 0
    limit = max_pages or PAGE_LIMIT
    last_ids: list[str] = []
    while True:
        pages += 1
        page = doc.get(key) or []
        ids = [str(x.get("id")) for x in page if isinstance(x, dict) and x.get("id") is not None]
        if pages > 1 and ids and ids == last_ids:
            raise _Changed(f"{page_url} gave the same records as the page before")
        for j, item in enumerate(page):
            ident = str(item.get("id")) if isinstance(item, dict) and item.get("id") is not None else None
            if ident is not None and ident in seen:
                raise _Changed(f"{ident} is on {seen[ident]} and again on {page_url}")
            if ident is not None:
                seen[ident] = page_url
            items.append(item)
            origins.append(f"{page_url} /{key}/{j}")
        now_total, _ = _total(doc, key)
        if pages > 1 and total is not None and now_total is not None and now_total != total:
            raise _Changed(f"it said {total} records, then {now_total}")
        client.progress(f"read page {pages}" + (f" of {total_pages}" if total_pages else "") + f" ({len(items)} records)",
                        pages, total_pages or 0)
        done = (not page or doc.get("last") is True or (total is not None and len(items) >= total)
                or (total_pages is not None and pages >= total_pages))
        if done:
            break
        if pages >= limit:
            if max_pages:
                break
            raise HarvestError(url, f"more than {PAGE_LIMIT} pages: give --max-pages to read only the first ones")
        last_ids = ids
        number += 1
        page_url = with_query(url, page=number)
        fetched, _ = client.json(page_url, f"page {pages + 1}")
        if not isinstance(fetched, dict) or _page_key(fetched) != key:
            raise HarvestError(page_url, f"page {pages + 1} is not a page of the same feed (no {key!r} list)")
        doc = fetched
    notes = []
    if restarts:
        notes.append(f"the feed changed while it was read; read again from the start ({restarts + 1} passes)")
    more = not done and max_pages is not None
    if more:
        notes.append(f"stopped after --max-pages {max_pages}" + (f" of {total_pages} pages" if total_pages else "")
                     + f": {len(items)} records" + (f" of {total}" if total is not None else "") + " were read")
    items, details = _full_records(client, url, items, origins)
    notes.extend(details)
    out = dict(first)
    out[key] = items
    if key == "contents":
        out.update(total_items=len(items), total_pages=1, page_number=1, size=len(items))
    else:
        out.update(totalElements=len(items), totalPages=1, number=0, size=len(items), first=True, last=True,
                   empty=not items)
    path = folder / f"feed-{folder.name}.json"
    path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return Harvest(url, fmt, path, started, pages, notes, key, origins)


def _full_records(client: _Client, url: str, items: list, origins: list[str]) -> tuple[list, list[str]]:
    """Each listed service as its own full record (``.../services/{id}``), or, when that fails, as listed."""
    parts = urlsplit(url)
    if not parts.path.rstrip("/").endswith("/services"):
        return items, []
    base = urlunsplit(parts._replace(path=parts.path.rstrip("/"), query="", fragment=""))
    out, notes = [], []
    for j, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if ident is None or isinstance(ident, (dict, list)):
            out.append(item)
            continue
        detail = f"{base}/{ident}"
        client.progress(f"reading service {j + 1} of {len(items)}", j + 1, len(items))
        try:
            full, _ = client.json(detail, f"service {ident}", retries=0)
        except HarvestError as exc:
            notes.append(f"{exc.reason} ({detail}): the list item is used instead")
            out.append(item)
            continue
        if isinstance(full, dict) and str(full.get("id")) == str(ident):
            out.append(full)
            origins[j] = detail
        else:
            notes.append(f"{detail} did not give service {ident}: the list item is used instead")
            out.append(item)
    return out, notes


def _bmlt(client: _Client, url: str, folder: Path, started: datetime) -> Harvest:
    """A BMLT root server's meetings through its JSON client interface: ``GetSearchResults`` with the formats
    they use (``get_used_formats``), and ``GetServiceBodies`` for who runs them (a warning if that fails)."""
    given = url  # the source's identity is the URL as the user gave it
    if "client_interface" not in url:
        url = url.rstrip("/") + "/client_interface/json/"
    parts = urlsplit(url)
    endpoint = urlunsplit(parts._replace(query="", fragment=""))
    query = dict(parse_qsl(parts.query))
    search = url if "switcher" in query else with_query(endpoint, switcher="GetSearchResults", get_used_formats=1)
    client.progress(f"fetching {search}", 0, 2)
    found, _ = client.json(search, "the meeting search")
    notes = []
    bodies_url = with_query(endpoint, switcher="GetServiceBodies")
    client.progress(f"fetching {bodies_url}", 1, 2)
    try:
        bodies, _ = client.json(bodies_url, "the service bodies", retries=0)
    except HarvestError as exc:
        bodies = None
        notes.append(f"{exc.reason} ({bodies_url}): the meetings are loaded without their service bodies")
    enveloped = isinstance(found, dict) and isinstance(found.get("meetings"), list)
    meetings = found["meetings"] if isinstance(found, dict) and enveloped else found
    doc: dict = {"meetings": meetings}
    served: dict[str, str] = {}
    if isinstance(found, dict) and "formats" in found:
        doc["formats"] = found["formats"]
    else:  # a search the user gave without get_used_formats: the server's whole formats list instead
        formats_url = with_query(endpoint, switcher="GetFormats")
        try:
            formats, _ = client.json(formats_url, "the formats list", retries=0)
        except HarvestError as exc:
            notes.append(f"{exc.reason} ({formats_url}): format codes are read by their usual meaning")
        else:
            doc["formats"] = formats  # bare, or wrapped as {"formats": [...]}: the loader reads both
            served["formats"] = formats_url
    if isinstance(bodies, list):
        doc["service_bodies"] = bodies
        served["service_bodies"] = bodies_url
    path = folder / f"feed-{folder.name}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    count = len(meetings) if isinstance(meetings, list) else 0
    origins = [f"{search} /meetings/{i}" if enveloped else f"{search} /{i}" for i in range(count)]
    return Harvest(given, "bmlt", path, started, 1, notes, "meetings", origins, served)
