"""Reading directories as published: an Open Referral UK 1.0 page in Placecube's dialect (HTML
descriptions with an inline image, 12-hour times, empty strings, extensions) beside the same
services exported as HSDS 3.0 and loaded again, in the same run: what reading the dialect costs."""
from __future__ import annotations

import json
import time
from pathlib import Path

from linkwork.bench import BenchRow
from linkwork.graph.store import Store
from linkwork.loaders.pipeline import load_sources

__all__ = ["run", "placecube_like_page"]

_PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def placecube_like_page(n: int) -> dict:
    """A v1 page of ``n`` made-up services in Placecube's shape (illustrative: no real directory)."""
    def service(i: int) -> dict:
        return {
            "id": f"PC-{i}", "name": f"Example recovery café {i} (illustrative)", "status": "Active", "url": "", "email": "",
            "description": (f"<p>A made-up <strong>drop-in</strong>, number {i}.<br>Call first or "
                            f'<a href="https://example.org/{i}">book online</a>.</p><img src="data:image/png;base64,{_PIXEL}">'),
            "assured_date": "2026-09-01", "pc_targetAudience": "adults",
            "organization": {"id": f"ORG-{i % 50}", "name": f"Example trust {i % 50} (illustrative)", "description": ""},
            "contacts": [{"id": f"C-{i}", "phones": [{"id": f"P-{i}", "number": "01632 960000"}]}],
            "eligibilitys": [{"id": f"E-{i}", "eligibility": "Adults", "minimum_age": 18, "maximum_age": ""}],
            "regular_schedule": [{"id": f"S-{i}", "weekday": "Monday", "opens_at": "8:30AM", "closes_at": "1:00PM"}],
            "holidayScheduleCollection": [{"id": f"H-{i}", "closed": True, "start_date": "2026-12-25"}],
            "service_areas": [{"id": f"A-{i}", "service_area": "Preston"}],
            "service_at_locations": [{"id": f"SL-{i}", "location": {
                "id": f"L-{i}", "name": f"Example hall {i}", "latitude": 53.76, "longitude": -2.70,
                "physical_addresses": [{"id": f"PA-{i}", "address_1": f"{i} Example Street", "city": "Preston",
                                        "state_province": "Lancashire", "postal_code": "PR1 0AA", "country": "GB"}]}}],
            "service_taxonomys": [{"id": f"T-{i}", "taxonomy": {"name": "Peer mentoring", "vocabulary": "linkwork:service-type"}}],
        }
    return {"totalElements": n, "totalPages": 1, "number": 0, "size": n, "first": True, "last": True, "empty": False,
            "content": [service(i) for i in range(n)]}


def run(workdir: Path, *, quick: bool = False) -> list[BenchRow]:
    from linkwork.api.export import export

    n = 300 if quick else 2_000  # 300 is past the bulk threshold (10,000 statements), as real directories are
    workdir.mkdir(parents=True, exist_ok=True)
    page = workdir / f"placecube-{n}.json"
    page.write_text(json.dumps(placecube_like_page(n)), encoding="utf-8")
    store = Store()
    load_sources(store, [page], fmt="oruk")  # untimed: warms every cache (schemas, vocabularies, ontology) for both
    hsds = workdir / f"placecube-{n}-as-hsds.json"
    hsds.write_text(export(store, "hsds"), encoding="utf-8")
    store.close()
    times = {}
    for fmt, path in (("oruk", page), ("hsds", hsds)):
        fresh = Store()
        t = time.perf_counter()
        load_sources(fresh, [path], fmt=fmt)
        times[fmt] = time.perf_counter() - t
        fresh.close()
    ours, theirs = times["oruk"], times["hsds"]
    case = f"ORUK 1.0 page, Placecube dialect, {n:,} services (HTML, images, 12-hour times)"
    baseline = "the same services as HSDS 3.0 JSON"
    return [BenchRow("directories", case, "services per second", n / ours, "services/s", baseline, n / theirs,
                     higher_is_better=True),
            BenchRow("directories", case, "wall time", ours, "s", baseline, theirs)]
