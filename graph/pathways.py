"""Ways in: chains of referral routes from where a person is to a service that will take them.

Plain functions over a networkx multigraph whose nodes are ``"self"``,
touchpoints and services, and whose edges are referral routes (keyed by the
route's IRI). The navigator builds the graph for one person, keeping only the
services they are eligible for and the routes whose requirements they meet,
so every pathway returned is usable as it stands.

Examples
--------
>>> G = referral_graph([("self", "gp"), ("gp", "cdt"), ("cdt", "detox"), ("self", "cdt")])
>>> [p.nodes for p in referral_pathways(G, ["self"], "detox")]
[('self', 'cdt', 'detox'), ('self', 'gp', 'cdt', 'detox')]
>>> has_pathway(G, ["self"], "detox", max_steps=1)
False
>>> {t: p.nodes for t, p in best_pathways(G, ["self"]).items()}
{'cdt': ('self', 'cdt'), 'gp': ('self', 'gp'), 'detox': ('self', 'cdt', 'detox')}
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

__all__ = ["Step", "Pathway", "referral_graph", "referral_pathways", "best_pathways", "best_ways", "way_rank",
           "has_pathway"]


@dataclass(frozen=True, slots=True)
class Step:
    """One referral: who refers, how, what it takes and how long."""

    origin: str
    target: str
    route: str
    method: str | None = None
    waiting_days: float = 0.0
    handover: str | None = None
    carried_by: str | None = None
    prerequisites: tuple[str, ...] = ()
    #: voluntary, quasi-coercive or coercive (None: not recorded); only a coercive step is mandated
    coercion: str | None = None
    #: the order requirements (drug-rehabilitation...) a person must have for this route to be open to them
    order_requirements: tuple[str, ...] = ()

    @property
    def mandated(self) -> bool:
        """Whether the person must take this step (a court order, a requirement, a probation instruction).

        Only the route's recorded coercion says so: a voluntary step (peer mentoring, mutual aid) is
        never mandated, whoever makes the referral.
        """
        return self.coercion == "coercive"


@dataclass(frozen=True)
class Pathway:
    """A chain of steps, with what ranks it: steps, total wait, distance, cold handovers."""

    steps: tuple[Step, ...]
    distance_km: float | None = None

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.steps[0].origin,) + tuple(s.target for s in self.steps) if self.steps else ()

    @property
    def waiting_days(self) -> float:
        return sum(s.waiting_days for s in self.steps)

    @property
    def mandated_steps(self) -> int:
        return sum(s.mandated for s in self.steps)

    @property
    def cold_handovers(self) -> int:
        return sum(s.handover != "warm" for s in self.steps)

    def rank_key(self) -> tuple:
        """Fewer steps first, then shorter wait, nearer, warm before cold; ties by route IRIs."""
        return (len(self.steps), self.waiting_days,
                self.distance_km if self.distance_km is not None else float("inf"),
                self.cold_handovers, tuple(s.route for s in self.steps))


def referral_graph(edges: Iterable) -> nx.MultiDiGraph:
    """A referral multigraph from ``(origin, target)`` pairs or ``(origin, target, Step)`` triples."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for e in edges:
        origin, target = e[0], e[1]
        step = e[2] if len(e) > 2 else Step(origin, target, f"{origin}->{target}")
        G.add_edge(origin, target, key=step.route, step=step)
    return G


def referral_pathways(G: nx.MultiDiGraph, starts: Sequence[str], target: str, *, max_steps: int = 4,
                      k: int = 3, distance_km: float | None = None) -> list[Pathway]:
    """The ``k`` best pathways from any of ``starts`` to ``target``, best first."""
    found: list[Pathway] = []
    if target not in G:
        return found
    for start in dict.fromkeys(starts):
        if start not in G or start == target:
            continue
        for edge_path in nx.all_simple_edge_paths(G, start, target, cutoff=max_steps):
            # types-networkx gives edge paths as (u, v) pairs; a multigraph's are (u, v, key) triples
            steps = tuple(G.edges[u, v, key]["step"] for u, v, key in edge_path)  # type: ignore[misc]
            found.append(Pathway(steps, distance_km))
    found.sort(key=Pathway.rank_key)
    return found[:k]


def has_pathway(G: nx.MultiDiGraph, starts: Sequence[str], target: str, *, max_steps: int = 4) -> bool:
    """Whether any start reaches ``target`` in at most ``max_steps`` referrals."""
    for start in starts:
        if start in G and target in G and start != target:
            lengths = nx.single_source_shortest_path_length(G, start, cutoff=max_steps)
            if target in lengths:
                return True
    return False


def best_pathways(G: nx.MultiDiGraph, starts: Sequence[str], *, max_steps: int = 4) -> dict[str, Pathway]:
    """The best pathway to every node reachable from ``starts``, in one search.

    Costs are compared as (steps, days waiting, cold handovers), the order
    :meth:`Pathway.rank_key` ranks by, so a best-first search finds each
    node's best pathway without enumerating every simple path (which grows
    exponentially with the number of open doors).
    """
    out: dict[str, list[Step]] = {}
    for _, _, data in G.edges(data=True):
        step = data["step"]
        out.setdefault(step.origin, []).append(step)
    ways = best_ways(out, [s for s in starts if s in G], max_steps=max_steps)
    return {node: Pathway(steps) for node, (_, steps) in ways.items()}


def best_ways(out_steps: dict[str, list[Step]], starts: Sequence[str], *,
              max_steps: int = 4) -> dict[str, tuple[tuple, tuple[Step, ...]]]:
    """:func:`best_pathways` over plain adjacency lists (origin -> steps out of it), without a graph.

    Returns node -> (cost, steps), the cost being (steps, days waiting, cold
    handovers). The navigator builds these lists for each person: a networkx
    graph costs more to build than the search costs to run.
    """
    for steps in out_steps.values():
        steps.sort(key=_edge_order)
    heap: list = []
    counter = 0
    for s in dict.fromkeys(starts):
        heap.append(((0, 0.0, 0), counter, s, ()))
        counter += 1
    heapq.heapify(heap)
    done: set[str] = set()
    queued: dict[str, tuple] = {}  # the best cost queued for each node: a path no better will never be popped first
    best: dict[str, tuple[tuple, tuple[Step, ...]]] = {}
    origins = set(starts)
    while heap:
        cost, _, node, steps = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if steps and node not in origins:
            best[node] = (cost, steps)
        if cost[0] >= max_steps:
            continue
        for step in out_steps.get(node, ()):
            target = step.target
            if target in done or any(st.origin == target for st in steps):
                continue
            new = (cost[0] + 1, cost[1] + step.waiting_days, cost[2] + (step.handover != "warm"))
            if target in queued and queued[target] <= new:
                continue
            queued[target] = new
            heapq.heappush(heap, (new, counter, target, steps + (step,)))
            counter += 1
    return best


def way_rank(cost: tuple, steps: tuple[Step, ...], distance_km: float | None) -> tuple:
    """:meth:`Pathway.rank_key` from a :func:`best_ways` cost, without building the pathway."""
    return (cost[0], cost[1], distance_km if distance_km is not None else float("inf"), cost[2],
            tuple(s.route for s in steps))


def _edge_order(step: Step) -> tuple[str, str]:
    return step.target, step.route
