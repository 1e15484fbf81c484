"""Every citation in the illustrative graph names lines that exist in the source file it names (issue 16,
item 15), and a fact no source states says so (src:general-knowledge, no lines, lw:illustrative)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from linkwork.data import lancashire_files
from linkwork.ontology import ONTOLOGY_DIR
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

LW = "https://w3id.org/linkwork/ns#"
SOURCES = Path(__file__).parent.parent.parent / "shared" / "domain" / "sources"
GENERAL = URIRef("https://w3id.org/linkwork/source/general-knowledge")


def _graph() -> Graph:
    g = Graph()
    for f in lancashire_files():
        g.parse(f, format="turtle")
    return g


G = _graph()
FILES = {str(s): str(name) for s, name in Graph().parse(ONTOLOGY_DIR / "sources.ttl").subject_objects(DCTERMS.identifier)}
CITES = sorted({(str(s), str(src), str(lines)) for s, lines in G.subject_objects(URIRef(LW + "sourceLines"))
                for src in G.objects(s, DCTERMS.source)})


def cited_lines(lines: str, text: list[str]) -> list[tuple[str, list[str]]]:
    """Each part of a citation ("L340", "L344-352", "para 55") with the lines of text it names."""
    out = []
    for part in re.split(r",\s*", lines.strip()):
        if m := re.fullmatch(r"L(\d+)(?:-(\d+))?", part):
            a, b = int(m[1]), int(m[2] or m[1])
            out.append((part, text[a - 1:b] if 1 <= a <= b <= len(text) else []))
        elif m := re.fullmatch(r"para (\d+)(?:-(\d+))?", part):
            wanted = range(int(m[1]), int(m[2] or m[1]) + 1)
            out.append((part, [t for n in wanted for t in text if t.startswith(f"{n}. ")]))
        else:
            out.append((part, []))
    return out


def test_there_are_citations_to_check():
    assert len(CITES) > 200 and FILES


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the domain sources are not beside the repository")
@pytest.mark.parametrize(("record", "source", "lines"), CITES, ids=[f"{r.rsplit('/', 1)[-1]} {ln}" for r, _, ln in CITES])
def test_every_cited_line_exists_in_the_named_source(record, source, lines):
    assert source in FILES, f"{record} cites {source}, which names no source file"
    text = (SOURCES / FILES[source]).read_text(encoding="utf-8").splitlines()
    for part, found in cited_lines(lines, text):
        assert any(t.strip() for t in found), f"{record}: {FILES[source]} has no text at {part}"


def test_facts_from_general_knowledge_cite_no_lines_and_say_they_are_illustrative():
    general = set(G.subjects(DCTERMS.source, GENERAL))
    assert general  # the 1 February 2015 change, the drug rehabilitation requirement...
    for s in general:
        assert G.value(s, URIRef(LW + "sourceLines")) is None, s
        assert G.value(s, URIRef(LW + "illustrative")) == Literal(True), s


def test_the_citations_the_issue_found_wrong_are_gone():
    """004 para 41 is about TUPE and para 56-57 do not state the 2015 change (issue 16)."""
    para = {(r.rsplit("/", 1)[-1], ln) for r, _, ln in CITES if ln.startswith("para")}
    assert not {p for p in para if p[1] in ("para 41", "para 56-57")}
    lanc = "https://w3id.org/linkwork/demo/lancashire/"
    assert G.value(URIRef(lanc + "crit-sentence-any"), DCTERMS.source) == GENERAL
