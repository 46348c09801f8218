"""Blueprints of the web UI: ``sites``, ``lists`` and ``items`` (what readers and editors
use), ``permissions`` (Manage and Check Permissions of a site, list or item) and ``people``
(groups, permission levels and users). Sign-in lives in :mod:`webui.auth`."""
