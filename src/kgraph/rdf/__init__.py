"""RDF: the ontology, IRIs, export with SHACL validation, SPARQL, the endpoint and push.

Imports :mod:`kgraph.graph` and the stages before it.
"""
