"""listengine: a SharePoint-style engine for lists, typed columns, content types and items.

The engine is the domain and its persistence (SQLAlchemy). It never imports the web layer
(:mod:`webui`); its public API is the service modules in :mod:`listengine.services`.
"""
__version__ = "0.1.0"
