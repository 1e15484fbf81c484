"""How fragile the referral network is: services nobody can reach, single gateways, bottlenecks.

The network's nodes are ``"self"`` (self-referral), touchpoints and services;
an edge is a referral route in force (a route from a service type becomes an
edge from every service of that type).

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph([("self", "gp"), ("gp", "cmht"), ("cmht", "rehab")])
>>> G.add_node("orphan")
>>> unreachable_services(G)
['orphan']
>>> single_gateways(G)
{'cmht': ['rehab'], 'gp': ['cmht', 'rehab']}
>>> removal_impact(G, "gp")
['cmht', 'rehab']
"""
from __future__ import annotations

from datetime import date

import networkx as nx
from linkwork.graph.gaps import Gap
from linkwork.graph.model import Model

__all__ = ["referral_network", "unreachable_services", "single_gateways", "bottlenecks", "removal_impact",
           "network_gaps"]

_ROOT = "__start__"


def referral_network(model: Model, *, on: date) -> nx.DiGraph:
    """Every referral route in force as a directed graph over self-referral, touchpoints and services."""
    G: nx.DiGraph[str] = nx.DiGraph()
    G.add_node("self")
    G.add_nodes_from(model.touchpoints, kind="touchpoint")
    services = {i for i, e in model.entries.items() if e.kind == "service" and e.in_force(on)}
    G.add_nodes_from(services)
    for r in model.routes:
        if not r.in_force(on) or r.target not in services:
            continue
        origins = [r.origin] if r.origin else model.by_type.get(r.origin_type or "", [])
        for o in origins:
            if o in G and o != r.target:
                G.add_edge(o, r.target)
                G.edges[o, r.target].setdefault("routes", []).append(r.iri)
    return G


def _starts(G: nx.DiGraph) -> list[str]:
    """Where people start: self-referral and every touchpoint (nodes marked ``kind="touchpoint"``)."""
    return [n for n, d in G.nodes(data=True) if n == "self" or d.get("kind") == "touchpoint"]


def _rooted(G: nx.DiGraph) -> nx.DiGraph:
    H = G.copy()
    H.add_edges_from((_ROOT, s) for s in _starts(G))
    return H


def unreachable_services(G: nx.DiGraph) -> list[str]:
    """Nodes no path reaches from self-referral or any touchpoint."""
    H = _rooted(G)
    reached = nx.descendants(H, _ROOT)
    return sorted(n for n in G if n not in reached and n not in _starts(G))


def single_gateways(G: nx.DiGraph) -> dict[str, list[str]]:
    """Nodes every route to some service passes through, with the services behind each."""
    H = _rooted(G)
    idom = nx.immediate_dominators(H, _ROOT)
    behind: dict[str, list[str]] = {}
    for node in idom:
        d = idom[node]
        while d not in (_ROOT, "self") and d != node:
            behind.setdefault(d, []).append(node)
            d = idom[d]
    return {k: sorted(v) for k, v in sorted(behind.items()) if k not in _starts(G)}


def bottlenecks(G: nx.DiGraph, *, k: int = 10, sample: int = 500, seed: int = 0) -> list[tuple[str, float]]:
    """The ``k`` nodes most routes pass through (betweenness; sampled on large graphs, with a fixed seed)."""
    n = G.number_of_nodes()
    scores = nx.betweenness_centrality(G, k=min(sample, n) if n > sample else None, seed=seed)
    return sorted(((v, s) for v, s in scores.items() if s > 0), key=lambda vs: (-vs[1], vs[0]))[:k]


def removal_impact(G: nx.DiGraph, node: str) -> list[str]:
    """The services that would become unreachable if ``node`` went."""
    before = set(unreachable_services(G))
    H = G.copy()
    H.remove_node(node)
    return sorted(set(unreachable_services(H)) - before)


def network_gaps(model: Model, *, on: date) -> list[Gap]:
    """Unreachable services and single gateways as findings for the report."""
    G = referral_network(model, on=on)
    gaps = []
    for s in unreachable_services(G):
        if s in model.entries:
            e = model.entries[s]
            gaps.append(Gap("fragility", f"{e.label}: no referral route reaches it from self-referral or any touchpoint",
                            e.areas[0] if e.areas else None, None, ("no route in the data leads here",), (s,)))
    for gate, behind in single_gateways(G).items():
        services = [model.label(b) for b in behind if b in model.entries]
        if gate in model.entries and services:
            gaps.append(Gap("fragility", f"{model.label(gate)} is the only way in to {', '.join(services)}",
                            None, None, (f"if it closed, {len(services)} service(s) could not be reached",),
                            (gate, *behind)))
    return gaps
