"""kgraph: knowledge graphs from Chinese enterprise and finance articles."""
