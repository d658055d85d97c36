#!/usr/bin/env python3
"""Checks -out_network GraphML files with real GraphML readers (xml.etree for the document, networkx for
the graph): the GraphML namespace, the attribute declarations, a node per query with its attributes, and
edges that follow the TopK rule, recomputed from the complete network of the same queries.

usage: check_network.py NETWORK MIN_SIMILARITY MAX_EDGES COMPLETE_NETWORK QUERIES
  NETWORK: written with -network_min_similarity MIN_SIMILARITY -network_max_edges MAX_EDGES
  COMPLETE_NETWORK: the same run with -network_min_similarity -1 -network_max_edges QUERIES-1 (every pair)
"""
import sys
import xml.etree.ElementTree as ElementTree

import networkx

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
NODE_KEYS = {"query_index": "int", "query_id": "string", "precursor_mz": "double", "retention_time": "double",
             "label": "string", "hit_name": "string", "hit_inchikey": "string", "hit_smiles": "string",
             "hit_library_id": "string", "hit_score": "double", "hit_kind": "string"}
# Every demo query has a precursor m/z and hits; the MGF has no retention times.
PRESENT = ["query_index", "query_id", "precursor_mz", "label", "hit_name", "hit_inchikey", "hit_smiles",
           "hit_library_id", "hit_score", "hit_kind"]


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def read(path, queries):
    root = ElementTree.parse(path).getroot()
    if root.tag != GRAPHML + "graphml":
        fail(f"{path}: the root is {root.tag}, not graphml in the GraphML namespace")
    keys = {(key.get("for"), key.get("attr.name")): key.get("attr.type") for key in root.iter(GRAPHML + "key")}
    expected = {("node", name): kind for name, kind in NODE_KEYS.items()}
    expected[("edge", "similarity")] = "double"
    if keys != expected:
        fail(f"{path}: attribute declarations {keys}, expected {expected}")
    graph = networkx.read_graphml(path)
    if graph.is_directed():
        fail(f"{path}: the graph is directed")
    if graph.number_of_nodes() != queries:
        fail(f"{path}: {graph.number_of_nodes()} nodes, expected {queries}")
    for node, attributes in graph.nodes(data=True):
        missing = [name for name in PRESENT if name not in attributes]
        if missing:
            fail(f"{path}: node {node} lacks {missing}")
        if node != f"q{attributes['query_index']}" or attributes["hit_kind"] not in ("identity", "analog", "unfiltered"):
            fail(f"{path}: node {node} has {attributes}")
    return graph


def main():
    path, min_similarity, max_edges = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    complete_path, queries = sys.argv[4], int(sys.argv[5])
    graph, complete = read(path, queries), read(complete_path, queries)
    if complete.number_of_edges() != queries * (queries - 1) // 2:
        fail(f"{complete_path}: {complete.number_of_edges()} edges, expected every pair")

    # The TopK rule: an edge where each node is among the other's max_edges strongest neighbours at or above
    # min_similarity (ties by node order, as the tool breaks them).
    order = {node: attributes["query_index"] for node, attributes in complete.nodes(data=True)}
    chosen = {}
    for node in complete:
        neighbours = [(-data["similarity"], order[other], other) for other, data in complete[node].items()
                      if data["similarity"] >= min_similarity]
        chosen[node] = {other for _, _, other in sorted(neighbours)[:max_edges]}
    expected = {frozenset((a, b)) for a in chosen for b in chosen[a] if a in chosen[b]}
    actual = {frozenset(edge) for edge in graph.edges()}
    if actual != expected:
        fail(f"edges {sorted(map(sorted, actual))}, expected {sorted(map(sorted, expected))}")
    if not actual:
        fail("no edges: the check needs a threshold that some pairs pass")
    for a, b, data in graph.edges(data=True):
        if abs(data["similarity"] - complete[a][b]["similarity"]) > 1e-6:
            fail(f"edge {a}-{b}: similarity {data['similarity']}, {complete[a][b]['similarity']} in the complete network")
    degrees = dict(graph.degree())
    print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges (most per node: {max(degrees.values())}), "
          f"complete network {complete.number_of_edges()} edges")
    print("ok")


if __name__ == "__main__":
    main()
