"""Evidence importer: compose files, Kubernetes manifests and traces -> evidence.

Pure core: the standard library and PyYAML only, no Flask, no database.

    from app.evidence import analyse, EvidenceError
    doc = analyse([("docker-compose.yml", data), ("override.yml", more)])

``analyse`` returns the evidence document of CONTRACT.md (inputs, services,
datastores, brokers, edges, operations, findings, suggested, unseen);
``to_dot`` draws its service graph as Graphviz DOT text.

How it is put together:

* ``importers``: a registry keyed by format, found by sniffing the content;
  ``yaml_documents`` / ``json_documents`` read safely within :class:`Limits`.
* ``compose`` / ``kubernetes``: configuration -> workloads and settings.
* ``engines``, ``inventory``: which workloads are datastores, brokers, tooling.
* ``connection_settings``, ``wiring``: settings, depends_on and traces -> edges.
* ``trace_formats``, ``trace_stats``: spans -> per-operation measurements.
* ``signs``: one module per sign: findings, suggested answer, unseen notes.
"""

from __future__ import annotations

from .document import analyse
from .errors import EvidenceError
from .graph_dot import to_dot
from .limits import Limits

__all__ = ["analyse", "EvidenceError", "Limits", "to_dot"]
