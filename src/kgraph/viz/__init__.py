"""The interactive HTML view (:mod:`~kgraph.viz.html`) and the choice of what it shows
(:mod:`~kgraph.viz.select`). Imports :mod:`kgraph.graph` and the stages before it.
"""
