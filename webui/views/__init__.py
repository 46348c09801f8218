"""Blueprints of the web UI: ``sites``, ``lists`` and ``items``."""
