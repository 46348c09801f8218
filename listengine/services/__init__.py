"""The engine's service API: one module per concept.

Services take a SQLAlchemy session first and keyword-only arguments after; they validate,
change and flush, and never commit (the caller's unit of work does). Bad input raises
:class:`listengine.errors.ValidationError` naming the field or parameter, before anything is
written.

Two rules hold for every public function here (``tests/engine/test_service_rules.py``):

* one that writes runs in its own SAVEPOINT (``@atomic``) and takes the acting principal
  (``actor=``), whose right it checks before it validates;
* a helper that writes without an actor - because a service above it has already checked
  the right - has a leading underscore: it is not part of the API, and only services call it.

**Layer order.** :data:`LAYERS` lists the service modules from the bottom up; a module may
import only those listed before it (a lower layer, or earlier in its own layer), never one
after it, so the services form no cycle and each concept can be read knowing only what is
below it (``tests/test_layering.py``). From the bottom:

1. *plumbing*: the savepoint decorator, fetching, name and text rules, expression indexes and
   the sign-in throttle, which know no actor;
2. *acting*: :mod:`.access` - who is acting, what they may do, trimming. It sits below user
   administration: it needs the ``User`` model only, and the System Account actor is made
   by :mod:`.users`;
3. *people and security*: users, groups, permission levels, sharing (scopes, assignments);
4. *schema*: columns, content types, lists, list templates, sites (a new site gets groups,
   levels and the built-in content types);
5. *items*: lookup links, counters, the item life cycle, display, files, view counting.

A new service module takes its place in :data:`LAYERS`; the layering test fails until it
has one.
"""

#: (layer, its modules in order), bottom first: a module imports only those before it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("plumbing", ("atomic", "fetch", "names", "indexes", "throttle")),
    ("acting", ("access",)),
    ("people and security", ("users", "groups", "levels", "sharing")),
    ("schema", ("columns", "content_types", "lists", "templates", "sites")),
    ("items", ("links", "counters", "items", "display", "files", "viewcounts")),
)
