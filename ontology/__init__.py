"""The linkwork ontology (OWL 2), its SHACL shapes and SKOS lists, as Turtle.

>>> g = ontology_graph()
>>> from linkwork.graph.namespaces import LW
>>> (LW.Service, None, None) in g
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph

__all__ = ["ONTOLOGY_DIR", "ontology_files", "ontology_graph", "shapes_graph"]

ONTOLOGY_DIR = Path(str(resources.files(__name__)))


def ontology_files() -> list[Path]:
    """Every Turtle file that makes up the ontology, shapes excluded."""
    files = [ONTOLOGY_DIR / "linkwork.ttl", ONTOLOGY_DIR / "dimensions.ttl", ONTOLOGY_DIR / "sources.ttl"]
    return files + sorted((ONTOLOGY_DIR / "vocab").glob("*.ttl"))


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology, dimensions, sources and SKOS lists in one rdflib graph (cached; do not modify)."""
    g = Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    return g


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes (cached; do not modify)."""
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
