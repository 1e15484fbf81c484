"""linkwork's own API through real HTTP: search and records, pathways and eligibility, gaps and
what-if, SPARQL; keys and roles (the role-by-endpoint matrix), per-key rate limits; the
confidential-location probe over every endpoint and parameter that can return a place; a
profile's marker never reaching a log or a file; and the CLI's search giving the API's ids.

One server per module, over an on-disk demo store with one extra (fictional) refuge whose
confidential address is written into every free-text field a careless source might fill.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from linkwork.api.keys import KeyFile

from linkwork.cli import cli
from linkwork.core import Core
from tests.http_server import assert_problem, serve_core

L = "https://w3id.org/linkwork/demo/lancashire/"
DAY = "2026-11-24"
ROLES = ("public", "navigator", "commissioner", "editor", "admin")

#: The fictional refuge's secrets: none may leave in any response.
SECRETS = ("Mill Lane", "mill-lane", "PR1 7QQ", "53.76543", "-2.70123", "behind the chip shop")
#: Its staff-only referral line (Ofcom's drama range: not a real number): for navigators and above only.
STAFF_ONLY = ("01632 960999", "referrals@example.org")
REFUGE = """
ex:probe-refuge a lw:Service ; rdfs:label "Probe women's refuge (fictional)"@en ;
    lw:serviceType st:supported-housing ; lw:needDomain need:housing, need:domestic-abuse ;
    lw:areaServed <https://w3id.org/linkwork/demo/lancashire/preston> ; lw:location ex:refuge-14-mill-lane ;
    lw:providedBy ex:probe-refuge-org ; lw:telephone "01632 960000" ; lw:contact ex:probe-referral-line ;
    lw:illustrative true ; PROV .
ex:probe-referral-line a lw:Contact ; lw:contactTitle "Referrals from professionals" ; lw:telephone "01632 960999" ;
    lw:email "referrals@example.org" ; lw:staffOnly true .
ex:probe-refuge-org a lw:Organisation ; rdfs:label "Probe refuge charity (fictional)"@en ; lw:illustrative true ; PROV .
ex:refuge-14-mill-lane a lw:Location ; lw:confidential true ;
    rdfs:label "Refuge, 14 Mill Lane"@en ; rdfs:comment "behind the chip shop on Mill Lane"@en ;
    lw:notes "ring twice, 14 Mill Lane" ; lw:address "14 Mill Lane" ; lw:town "Preston" ; lw:postcode "PR1 7QQ" ;
    lw:latitude 53.76543 ; lw:longitude -2.70123 ;
    lw:withinArea <https://w3id.org/linkwork/demo/lancashire/preston> ; lw:illustrative true ; PROV .
"""


def run(store: Path, *args: str):
    return CliRunner().invoke(cli, ["--store", str(store), *args])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo store plus the refuge on disk, keys of every role, and a live server over it."""
    from conftest import PREFIXES, PROV

    root = tmp_path_factory.mktemp("apicore")
    store = root / "store"
    assert run(store, "init", "--demo").exit_code == 0
    (root / "refuge.ttl").write_text(PREFIXES + REFUGE.replace("PROV", PROV), encoding="utf-8")
    loaded = run(store, "load", "--format", "turtle", str(root / "refuge.ttl"))
    assert loaded.exit_code == 0, loaded.output
    keys = KeyFile(root / "keys.json")
    tokens = {role: keys.add(role=role, label=f"test {role}").token for role in ROLES}
    tokens["limited"] = keys.add(role="navigator", label="test limited", rate_limit="3/minute").token
    revoked = keys.add(role="admin", label="test revoked")
    keys.revoke(revoked.key.id)
    tokens["revoked"] = revoked.token
    core = Core.open(store, read_only=True)
    with serve_core(core, keys=keys, rates={"public": "100000/minute"}) as server:
        yield {"store": store, "root": root, "server": server, "tokens": tokens, "keys": keys}
    core.store.close()


@pytest.fixture(scope="module")
def http(site):
    with site["server"].client() as client:
        yield client


def auth(site, role: str | None) -> dict:
    return {"Authorization": f"Bearer {site['tokens'][role]}"} if role else {}


def profile(**over) -> dict:
    person = {"label": "fixture (fictional)", "age": 41, "gender": "male", "area": "Preston", "as_of": DAY,
              "needs": {"drugs": "moderate", "housing": "moderate"},
              "substance_use": {"substances": ["opiates"], "status": "on-script"}}
    return person | over


# ---------------------------------------------------------------- search and records
def test_search_is_public_paged_and_filtered(http):
    body = http.get("/search", params={"text": "drug team", "area": "Preston", "date": DAY}).json()
    assert body["total"] >= 1 and L + "cdt-central" in [h["id"] for h in body["hits"]]
    near = http.get("/search", params={"near": "PR1 8XY", "within_km": 3, "kind": ["meeting", "asset"]}).json()
    assert near["hits"] and all(h["kind"] in ("meeting", "asset") and h["distance_km"] <= 3 for h in near["hits"])
    monday = http.get("/search", params={"fellowship": "aa", "day": 1, "time": "19:45"}).json()
    assert [h["id"] for h in monday["hits"]] == [L + "meeting-aa-carnforth-mon"]
    paged = http.get("/search", params={"per_page": 5, "page": 2}).json()
    assert paged["page"] == 2 and len(paged["hits"]) == 5 and paged["pages"] == -(-paged["total"] // 5)


@pytest.mark.parametrize(("params", "parameter"), [
    ({"area": "Atlantis"}, "area"), ({"near": "PR1 9ZZ"}, "near"), ({"within_km": 5}, "within_km"),
    ({"domain": "spice"}, "domain"), ({"time": "19:00"}, "time"), ({"day": 9}, "day"), ({"page": 0}, "page"),
    ({"kind": "people"}, "kind"), ({"per_page": 10_000}, "per_page"),
])
def test_bad_search_parameters_are_located_problems(http, params, parameter):
    body = assert_problem(http.get("/search", params=params), 422)
    assert parameter in [e.get("parameter") for e in body["errors"]]


def test_a_record_whole_and_unknown_ids(http):
    rec = http.get(f"/records/{L}cdt-central", params={"date": DAY}).json()
    assert rec == http.get("/records/cdt-central", params={"date": DAY}).json()
    crit = rec["rules"][0]["criteria"][0]
    assert crit["source"] and crit["lines"] and crit["valid_from"] == "2008-04-01" and crit["last_verified"]
    assert rec["routes_in"] and rec["routes_out"] and rec["provenance"]["loaded_from"][0]["source"].endswith("treatment.ttl")
    assert_problem(http.get("/records/no-such-record"), 404)


# ---------------------------------------------------------------- navigators
def test_pathways_is_the_cli_plan(site, http, tmp_path):
    person = profile()
    r = http.post("/pathways", json=person, headers=auth(site, "navigator"))
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    (tmp_path / "p.json").write_text(json.dumps(person))
    cli_plan = json.loads(run(site["store"], "route", "--json", str(tmp_path / "p.json")).output)
    assert r.json() == cli_plan
    drugs = next(n for n in r.json()["needs"] if n["domain"] == "drugs")
    verdicts = [c for row in drugs["shut"] + drugs["unknown"] for rule in row["rules"] for c in rule["criteria"]]
    assert verdicts and all(c["criterion"] and c["source"] and "valid_from" in c for c in verdicts)


def test_eligibility_gives_each_verdict_with_its_reasons(site, http):
    r = http.post("/eligibility", json=profile(), params={"service": ["cdt-central", L + "recovery-housing"], "date": DAY},
                  headers=auth(site, "navigator"))
    assert r.status_code == 200, r.text
    results = {x["id"]: x for x in r.json()["results"]}
    assert results[L + "cdt-central"]["outcome"] == "pass"
    house = results[L + "recovery-housing"]
    assert house["outcome"] == "fail" and house["blocking"]
    assert house["rules"][0]["criteria"][0]["source"] and house["rules"][0]["criteria"][0]["valid_from"]
    every = http.post("/eligibility", json=profile(), headers=auth(site, "navigator")).json()["results"]
    assert len(every) > 10 and all(x["kind"] == "service" for x in every)
    assert_problem(http.post("/eligibility", json=profile(), params={"service": "nothing"}, headers=auth(site, "navigator")),
                   422, "#/service/0")


@pytest.mark.parametrize(("body", "pointer", "said"), [
    ({"age": "forty-one"}, "#/age", "forty-one"),
    ({"area": "14 Mill Lane"}, "#/area", "Mill Lane"),
    ({"needs": {"drugs": "dreadful"}}, "#/needs", "dreadful"),
    ({"needs": {"the person's own words": "moderate"}}, "#/needs", "own words"),
    ({"substance_use": {"status": "sometimes, at Mill Lane"}}, "#/substance_use/status", "Mill Lane"),
    ({"favourite pub": "The Mill Lane Arms"}, "#/", "favourite pub"),
])
def test_a_bad_profile_names_the_field_and_never_echoes_it(site, http, body, pointer, said):
    for path in ("/pathways", "/eligibility"):
        r = http.post(path, json=body, headers=auth(site, "navigator"))
        problem = assert_problem(r, 422, pointer)
        assert said not in r.text and "Mill Lane" not in r.text, path
        assert problem["detail"]


def test_a_profile_is_never_taken_from_a_url(site, http):
    assert_problem(http.get("/pathways", params={"age": 41}, headers=auth(site, "navigator")), 405)
    assert_problem(http.post("/pathways", content=b"not json", headers=auth(site, "navigator") | {
        "content-type": "application/json"}), 422, "#/")
    assert_problem(http.post("/pathways", json=[1, 2], headers=auth(site, "navigator")), 422, "#/")


# ---------------------------------------------------------------- commissioners
def test_gaps_with_the_clis_filters(site, http):
    args = ["--area", "Burnley", "--type", "threshold", "--domain", "mental-health", "--date", DAY]
    cli_found = json.loads(run(site["store"], "gaps", "--json", *args).output)
    r = http.get("/gaps", params={"area": "Burnley", "type": "threshold", "domain": "mental-health", "date": DAY},
                 headers=auth(site, "commissioner"))
    assert r.status_code == 200 and r.json() == cli_found and cli_found
    assert_problem(http.get("/gaps", params={"type": "nonsense"}, headers=auth(site, "commissioner")), 422)
    assert_problem(http.get("/gaps", params={"area": "Atlantis"}, headers=auth(site, "commissioner")), 422)


def test_what_if_rank_and_ladder(site, http):
    change = {"changes": [f"threshold:{L}crit-mh-severe:minimum=moderate"], "domains": ["mental-health"], "date": DAY}
    r = http.post("/gaps/what-if", json=change, headers=auth(site, "commissioner"))
    assert r.status_code == 200, r.text
    [result] = r.json()
    assert result["cells_closed"] > 0 and result["cells_opened"] == 0
    cli = json.loads(run(site["store"], "gaps", "--json", "--what-if", change["changes"][0], "--domain", "mental-health",
                         "--date", DAY).output)
    assert r.json() == cli
    bad = http.post("/gaps/what-if", json={"changes": ["threshold:nothing:minimum=x"]}, headers=auth(site, "commissioner"))
    assert_problem(bad, 422, "#/changes/0")
    ranked = http.get("/gaps/rank-changes", params={"domain": "mental-health", "top": 2, "date": DAY},
                      headers=auth(site, "commissioner")).json()
    assert len(ranked) == 2 and ranked[0]["cells_closed"] >= ranked[1]["cells_closed"]
    ladder = http.get("/gaps/ladder", params={"domain": "mental-health", "area": "Preston", "date": DAY},
                      headers=auth(site, "commissioner")).json()
    assert ladder[0]["services"]


def test_sparql_get_and_post_json_and_csv(site, http):
    q = "SELECT ?s WHERE { ?s a lw:Meeting } ORDER BY ?s LIMIT 3"
    r = http.get("/sparql", params={"query": q}, headers=auth(site, "commissioner"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    assert len(r.json()["results"]["bindings"]) == 3
    csv_ = http.post("/sparql", content=q, headers=auth(site, "commissioner") | {
        "content-type": "application/sparql-query", "accept": "text/csv"})
    assert csv_.headers["content-type"].startswith("text/csv") and csv_.text.splitlines()[0] == "s"
    form = http.post("/sparql", data={"query": "ASK { ?s a lw:Service }"}, headers=auth(site, "commissioner"))
    assert form.json() == {"head": {}, "boolean": True}
    capped = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "limit": 2}, headers=auth(site, "commissioner"))
    assert len(capped.json()["results"]["bindings"]) == 2 and capped.headers["x-linkwork-truncated"] == "true"
    for bad in ("DELETE WHERE { ?s ?p ?o }", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", "SELECT *"):
        assert_problem(http.get("/sparql", params={"query": bad}, headers=auth(site, "commissioner")), 422)


# ---------------------------------------------------------------- roles
_OPEN = [("GET", "/", None), ("GET", "/services", None), ("GET", "/service_at_locations", None), ("GET", "/taxonomies", None),
         ("GET", "/taxonomy_terms", None), ("GET", "/health", None), ("GET", "/search?text=drug", None),
         ("GET", "/records/cdt-central", None), ("GET", "/openapi.json", None), ("GET", "/docs", None)]
_NAVIGATOR = [("POST", "/pathways", profile()), ("POST", "/eligibility?service=cdt-central", profile())]
_COMMISSIONER = [("GET", "/gaps?type=coverage", None),
                 ("POST", "/gaps/what-if", {"changes": [f"remove:{L}liaison-diversion"], "domains": ["drugs"]}),
                 ("GET", "/gaps/rank-changes?domain=mental-health&top=1", None),
                 ("GET", "/gaps/ladder?domain=mental-health&area=Preston", None),
                 ("GET", "/sparql?query=ASK%7B%7D", None), ("POST", "/sparql", "ASK {}")]
MATRIX = [(*e, "public") for e in _OPEN] + [(*e, "navigator") for e in _NAVIGATOR] + [(*e, "commissioner") for e in _COMMISSIONER]


@pytest.mark.parametrize(("method", "path", "body", "needs"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_role_by_endpoint_matrix(site, http, method, path, body, needs):
    """Every endpoint for every caller: no key, a key of each role, a revoked key, a made-up key."""
    for caller in (None, *ROLES, "revoked", "bogus"):
        if caller == "bogus":
            headers = {"X-API-Key": "lw_000000000000_" + "x" * 43}
        elif caller is None:
            headers = {}
        elif caller in ("public", "commissioner"):
            headers = {"X-API-Key": site["tokens"][caller]}  # both headers are accepted
        else:
            headers = auth(site, caller)
        kwargs: dict = {"headers": headers}
        if isinstance(body, str):
            kwargs["content"], headers["content-type"] = body, "application/sparql-query"
        elif body is not None:
            kwargs["json"] = body
        r = http.request(method, path, **kwargs)
        if caller in ("revoked", "bogus"):
            problem = assert_problem(r, 401)
            assert "www-authenticate" in r.headers and site["tokens"]["revoked"] not in r.text
            assert problem["detail"]
        elif ROLES.index(caller or "public") >= ROLES.index(needs):
            assert r.status_code == 200, (caller, r.status_code, r.text[:300])
        elif caller is None:
            assert_problem(r, 401)
            assert r.headers["www-authenticate"].startswith("Bearer")
        else:
            body_ = assert_problem(r, 403)
            assert needs in body_["detail"]


def test_a_revoked_key_stops_working_in_the_running_server(site, http):
    made = site["keys"].add(role="navigator", label="test revoke while running")
    assert http.post("/pathways", json=profile(), headers={"X-API-Key": made.token}).status_code == 200
    site["keys"].revoke(made.key.id)
    assert_problem(http.post("/pathways", json=profile(), headers={"X-API-Key": made.token}), 401)


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(site, http):
    statuses = [http.get("/health", headers=auth(site, "limited")).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    r = http.get("/health", headers=auth(site, "limited"))
    problem = assert_problem(r, 429)
    assert 1 <= int(r.headers["retry-after"]) <= 60 and "try again" in problem["detail"]
    assert http.get("/health", headers=auth(site, "navigator")).status_code == 200  # other keys are not held back


def test_the_public_limit_counts_per_client(site):
    from linkwork.api.app import create_app

    from tests.http_server import serve_app

    app = create_app(site["server"].core, keys=site["keys"], rates={"public": "2/minute"})
    with serve_app(app) as server, server.client() as client:
        assert [client.get("/search").status_code for _ in range(2)] == [200, 200]
        r = client.get("/search")
        assert_problem(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        assert client.get("/search", headers=auth(site, "navigator")).status_code == 200


# ---------------------------------------------------------------- confidential places
def _probe_requests(site) -> list[tuple[str, str, dict]]:
    nav, com = auth(site, "navigator"), auth(site, "commissioner")
    reqs = [("GET", "/search", {}), ("GET", "/search?per_page=200", {}), ("GET", "/search?kind=location&per_page=200", {}),
            ("GET", "/search?text=refuge", {}), ("GET", "/search?text=Mill%20Lane", {}), ("GET", "/search?text=chip%20shop", {}),
            ("GET", "/search?near=PR1&within_km=2&per_page=200", {}), ("GET", "/search?area=Preston&per_page=200", {}),
            ("GET", "/search?domain=domestic-abuse", {}), ("GET", "/records/probe-refuge", {}),
            ("GET", "/records/probe-refuge-org", {}),
            ("GET", "/services?per_page=200", {}), ("GET", "/services?full=true&per_page=200", {}),
            ("GET", "/services?format=ndjson&full=true", {}), ("GET", "/services?search=Mill%20Lane", {}),
            ("GET", "/service_at_locations?per_page=200", {}), ("GET", "/service_at_locations?format=ndjson", {}),
            ("GET", "/service_at_locations?postcode=PR1%208XY&proximity=3000", {}),
            ("GET", "/service_at_locations?postcode=PR1", {}),
            ("GET", "/gaps", com), ("GET", "/sparql?" + str(httpx.QueryParams({"query": "SELECT * WHERE { ?s ?p ?o }"})), com)]
    refuge_ids = [json.loads(line)["id"] for line in site["server"].client().get("/services?format=ndjson").text.splitlines()
                  if "Probe women" in line]
    reqs += [("GET", f"/services/{i}", {}) for i in refuge_ids]
    sal = site["server"].client().get("/service_at_locations?format=ndjson").text.splitlines()
    reqs += [("GET", f"/service_at_locations/{json.loads(line)['id']}", {}) for line in sal]
    return reqs + [("POST:pathways", "/pathways", nav), ("POST:eligibility", "/eligibility", nav)]


def test_confidential_places_leave_no_response_but_as_their_area(site, http):
    seen = 0
    person = profile(needs={"housing": "moderate", "domestic-abuse": "moderate"}, gender="female")
    for method, path, headers in _probe_requests(site):
        if method.startswith("POST"):
            r = http.post(path, json=person, headers=headers)
        else:
            r = http.get(path, headers=headers)
        assert r.status_code == 200, (path, r.status_code, r.text[:200])
        for secret in SECRETS + (STAFF_ONLY if not headers else ()):
            assert secret not in r.text, (path, secret)
        seen += "Probe women" in r.text or "confidential" in r.text.lower()
    assert seen >= 10  # the refuge itself was in the answers: by its area
    found = http.get("/search", params={"text": "refuge"}).json()["hits"]
    [row] = [h for h in found if h["id"] == "https://example.org/probe-refuge"]
    assert row["location"]["confidential"] and row["location"]["area"]["label"] == "Preston"
    assert row["location"]["label"] == "Confidential address in Preston" and "point" not in row["location"]


def test_staff_only_contacts_reach_navigators_and_above_only(site, http):
    def contacts(headers, path="/records/probe-refuge"):
        return http.get(path, headers=headers).json()["contacts"]

    public = contacts({})
    assert public == [{"telephone": "01632 960000", "staff_only": False}]
    r = http.get("/records/probe-refuge", headers=auth(site, "navigator"))
    assert "authorization" in r.headers["vary"].lower() and r.headers["cache-control"] == "private"
    for role in ("navigator", "commissioner", "admin"):
        seen = contacts(auth(site, role))
        assert {"title": "Referrals from professionals", "telephone": "01632 960999", "email": "referrals@example.org",
                "staff_only": True} in seen, role
    [hit] = [h for h in http.get("/search", params={"text": "refuge"}).json()["hits"] if h["id"].endswith("probe-refuge")]
    assert all(not c["staff_only"] for c in hit["contacts"])
    [hit] = [h for h in http.get("/search", params={"text": "refuge"}, headers=auth(site, "navigator")).json()["hits"]
             if h["id"].endswith("probe-refuge")]
    assert any(c["staff_only"] for c in hit["contacts"])
    assert "01632 960999" not in http.get("/services", params={"full": "true", "per_page": 200}).text
    shown = run(site["store"], "show", "probe-refuge").output
    assert "01632 960000" in shown and "01632 960999" not in shown
    assert "01632 960999 (staff only" in run(site["store"], "show", "--staff", "probe-refuge").output.replace(", referrals@example.org", "")


def test_the_errors_for_a_confidential_place_say_nothing_of_it(site, http):
    for path in ("/records/refuge-14-mill-lane", "/records/https://example.org/refuge-14-mill-lane"):
        body = assert_problem(http.get(path), 404)
        assert not any(s in json.dumps(body) for s in SECRETS)


# ---------------------------------------------------------------- a profile's marker
MARKER = "zq-apicore-marker-5521"


def test_a_profile_marker_never_reaches_a_log_or_a_file(site, http, caplog):
    caplog.set_level(logging.DEBUG)
    start = time.time() - 1
    bodies = [profile(label=MARKER),  # valid: the pseudonym comes back in the plan, to the caller only
              profile(needs={MARKER: "moderate"}), profile(gender=MARKER), profile(area=MARKER + " Lane"),
              profile(**{MARKER: True}), {"substance_use": {"substances": [MARKER]}}]
    for body in bodies:
        for path in ("/pathways", "/eligibility"):
            r = http.post(path, json=body, headers=auth(site, "navigator"))
            if r.status_code != 200:
                assert MARKER not in r.text, (path, body)
    logs = "\n".join(f"{r.name} {r.getMessage()} {r.args}" for r in caplog.records)
    assert "POST /pathways" in logs  # the access log ran and was captured
    assert MARKER not in logs
    for written in _files_written_since(start, [site["root"], Path.cwd(), Path(tempfile.gettempdir())]):
        try:
            data = written.read_bytes() if written.stat().st_size < 64 << 20 else b""
        except OSError:
            continue
        assert MARKER.encode() not in data, written


def _files_written_since(start: float, roots: list[Path]):
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                path = Path(folder) / name
                try:
                    if path.stat().st_mtime >= start and path.is_file():
                        yield path
                except OSError:
                    continue


# ---------------------------------------------------------------- one search for both
@pytest.mark.parametrize("filters", [
    {"text": "drug team"},
    {"area": "Preston", "kind": ["service", "meeting"]},
    {"near": "PR1", "within_km": 10, "welcomes": ["on-script"]},
    {"fellowship": ["aa"], "day": "mon"},
    {"domain": ["mental-health"], "attendance": ["in-person"]},
    {"kind": ["location"], "area": "Preston"},
    {"meeting_type": ["women"]},
    {"type": ["community-drug-team"], "per_page": 2, "page": 2},
])
def test_the_cli_search_and_the_api_search_give_the_same_ids(site, http, filters):
    days = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
    args = ["search", "--json", "--date", DAY]
    params: dict = {"date": DAY}
    for key, value in filters.items():
        option = {"text": None, "kind": "--kind", "area": "--area", "near": "--near", "within_km": "--within",
                  "welcomes": "--welcomes", "fellowship": "--fellowship", "day": "--day", "domain": "--domain",
                  "attendance": "--attendance", "meeting_type": "--meeting-type", "type": "--type",
                  "per_page": "--per-page", "page": "--page"}[key]
        for v in value if isinstance(value, list) else [value]:
            args += [str(v)] if option is None else [option, str(v)]
        params[key] = days[value] if key == "day" else value
    from_cli = json.loads(run(site["store"], *args).output)
    from_api = http.get("/search", params=params).json()
    assert [h["id"] for h in from_cli["hits"]] == [h["id"] for h in from_api["hits"]]
    assert from_cli["total"] == from_api["total"] and from_cli["total"] > 0
    assert from_cli == from_api


