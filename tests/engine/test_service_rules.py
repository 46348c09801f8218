"""Every public service function that writes runs in a SAVEPOINT (``@atomic``) and takes the
acting principal (``actor=``); a helper that writes without an actor is private.

What writes is read off the source: a function writes when it is ``@atomic``, adds, deletes,
merges or flushes through its session, executes SQLAlchemy's ``update``/``insert``/
``delete``, opens a unit of work of its own, assigns to an attribute of one of its
parameters (a loaded row), or calls a function of the services that writes (followed
through ``from . import x`` and ``from .x import f``, to any depth; a call ``obj.m(...)``
is taken to reach every method ``m`` of the module's own classes). The last test feeds the
check a bad module.
"""
from __future__ import annotations

import ast

from tests.sourcecode import package_sources

SERVICES = "listengine.services"
SESSION_WRITES = ("add", "add_all", "delete", "merge", "flush")
SQL_WRITES = ("update", "insert", "delete")

#: Public writers that need no actor or savepoint of their own, and why. Anything else that
#: writes must be ``@atomic`` and take ``actor=``.
EXEMPT = {
    # Signing in happens before anyone is acting: it counts failures (the throttle) and
    # only then yields the user who will act. A new password (users._set_password, under
    # an administrator's check) clears the login's failures.
    "users.authenticate": "sign-in, before there is an actor",
    "throttle.claim": "sign-in, before there is an actor",
    "throttle.failed": "sign-in, before there is an actor",
    "throttle.succeeded": "sign-in, before there is an actor",
    "throttle.forget_login": "sign-in bookkeeping of a new password",
    # The System Account is who provisioning acts as; finding (or first creating) it is
    # where every actor-less caller - the CLI, the loader - starts.
    "users.system_account": "makes the provisioning actor itself",
    "users.system_actor": "makes the provisioning actor itself",
    # Signing out ends the signed-in user's own sessions: the user is the actor.
    "users.end_sessions": "the user signing themselves out",
    # Counting a view of an item the caller has already read (with its actor's rights) in a
    # unit of work of its own that waits at most 50 ms: it takes the Database, not a
    # session, so a SAVEPOINT in the caller's transaction does not apply.
    "viewcounts.record_view": "its own short unit of work, after an actor's read",
    # Applies the views already counted and buffered (at exit, and from its thread).
    "viewcounts.flush_all": "applies views recorded before",
}


def module_trees(sources: dict[str, str]) -> dict[str, ast.Module]:
    return {name.rpartition(".")[2]: ast.parse(text) for name, text in sources.items()
            if name.startswith(SERVICES + ".")}


def functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def methods(tree: ast.Module) -> dict[str, list[ast.FunctionDef]]:
    """Method name -> the module's classes' methods of that name."""
    found: dict[str, list[ast.FunctionDef]] = {}
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef):
            for node in cls.body:
                if isinstance(node, ast.FunctionDef):
                    found.setdefault(node.name, []).append(node)
    return found


def decorated_atomic(func: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "atomic"
               or isinstance(d, ast.Attribute) and d.attr == "atomic"
               for d in func.decorator_list)


def takes_actor(func: ast.FunctionDef) -> bool:
    return any(arg.arg == "actor" for arg in func.args.kwonlyargs)


def _resolver(module: str, tree: ast.Module, services: set[str]) -> dict[str, tuple]:
    """Names usable in ``module`` -> what they stand for: ("module", m) for a service
    module, ("function", m, f) for a service function, ("sql", name) for SQLAlchemy's
    write constructors."""
    names: dict[str, tuple] = {f: ("function", module, f) for f in functions(tree)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = node.module or ""
        for alias in node.names:
            as_name = alias.asname or alias.name
            if source.startswith("sqlalchemy") and alias.name in SQL_WRITES:
                names[as_name] = ("sql", alias.name)
            elif node.level == 1 and not node.module and alias.name in services:
                names[as_name] = ("module", alias.name)
            elif node.level == 1 and source in services:
                names[as_name] = ("function", source, alias.name)
    return names


def _direct_write(func: ast.FunctionDef, names: dict[str, tuple]) -> bool:
    params = {a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]}
    params -= {"actor", "session", "self", "cls"}
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            target = node.func
            if (isinstance(target, ast.Attribute) and target.attr in SESSION_WRITES
                    and isinstance(target.value, ast.Name) and target.value.id == "session"):
                return True
            if isinstance(target, ast.Name) and names.get(target.id, ("",))[0] == "sql":
                return True
            if isinstance(target, ast.Attribute) and target.attr == "unit_of_work":
                return True
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for lhs in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if (isinstance(lhs, ast.Attribute) and isinstance(lhs.value, ast.Name)
                        and lhs.value.id in params):
                    return True
    return decorated_atomic(func)


def _calls(func: ast.FunctionDef, names: dict[str, tuple],
           module: str, own_methods: set[str]) -> set[tuple[str, str]]:
    """The service functions ``func`` calls, as (module, function); the module's own
    methods as (module, ".name")."""
    called = set()
    for node in ast.walk(func):
        if not isinstance(node, ast.Call):
            continue
        target = node.func
        if isinstance(target, ast.Name) and names.get(target.id, ("",))[0] == "function":
            called.add(names[target.id][1:])
        elif (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
              and names.get(target.value.id, ("",))[0] == "module"):
            called.add((names[target.value.id][1], target.attr))
        elif isinstance(target, ast.Attribute) and target.attr in own_methods:
            called.add((module, "." + target.attr))
    return called


def writers(sources: dict[str, str]) -> set[tuple[str, str]]:
    """Every (module, function) of the services that writes, directly or through a call."""
    trees = module_trees(sources)
    writes, calls = set(), {}
    for module, tree in trees.items():
        names = _resolver(module, tree, set(trees))
        own = methods(tree)
        bodies = [(name, func) for name, func in functions(tree).items()]
        bodies += [("." + name, func) for name, funcs in own.items() for func in funcs]
        for name, func in bodies:
            if _direct_write(func, names):
                writes.add((module, name))
            calls.setdefault((module, name), set()).update(_calls(func, names, module, set(own)))
    grown = True
    while grown:
        grown = False
        for caller, callees in calls.items():
            if caller not in writes and callees & writes:
                writes.add(caller)
                grown = True
    return writes


def rule_breakers(sources: dict[str, str], exempt: dict[str, str]) -> list[str]:
    trees = module_trees(sources)
    problems = []
    for module, name in sorted(writers(sources)):
        if name.startswith("."):
            continue  # a method: the rule is about the module's functions
        func = functions(trees[module])[name]
        if name.startswith("_") or f"{module}.{name}" in exempt:
            continue
        if not decorated_atomic(func):
            problems.append(f"{module}.{name} writes but is not @atomic")
        if not takes_actor(func):
            problems.append(f"{module}.{name} writes but takes no actor=")
    return problems


def service_sources() -> dict[str, str]:
    return {name: text for name, text in package_sources("listengine").items()
            if name.startswith(SERVICES + ".")}


def test_every_public_writer_is_atomic_and_takes_an_actor():
    assert rule_breakers(service_sources(), EXEMPT) == []


def test_the_exemptions_are_writers_that_exist():
    found = writers(service_sources())
    assert {tuple(name.split(".")) for name in EXEMPT} <= found


def test_known_writers_are_recognised():
    found = writers(service_sources())
    assert {("items", "create_item"), ("users", "update_user"), ("sites", "create_site"),
            ("users", "_set_password"), ("sharing", "_drop_scopes")} <= found
    assert ("items", "get_item") not in found and ("access", "can") not in found


BAD = {
    f"{SERVICES}.atomic": "def atomic(f):\n    return f\n",
    f"{SERVICES}.helpers": (
        "def _stamp(session, row):\n"
        "    row.stamp = 1\n"),
    f"{SERVICES}.bad": (
        "from sqlalchemy import update as sql_update\n"
        "from . import helpers\n"
        "from .atomic import atomic\n"
        "def add_thing(session, thing):\n"            # session.add, no savepoint, no actor
        "    session.add(thing)\n"
        "@atomic\n"
        "def bump(session, item_id):\n"               # atomic, but no actor
        "    session.execute(sql_update(Item))\n"
        "def touch(session, row, *, actor):\n"        # writes through a private helper
        "    helpers._stamp(session, row)\n"
        "def rename(session, row, *, actor):\n"       # assigns to a row it was given
        "    row.title = 'x'\n"
        "def relay(session, row, *, actor):\n"        # calls a writer of its own module
        "    rename(session, row, actor=actor)\n"
        "@atomic\n"
        "def fine(session, thing, *, actor):\n"
        "    session.add(thing)\n"
        "def read(session, *, actor):\n"
        "    return session.scalars(select(Item)).all()\n"),
}


def test_a_writer_breaking_the_rule_is_caught():
    assert rule_breakers(BAD, {}) == [
        "bad.add_thing writes but is not @atomic",
        "bad.add_thing writes but takes no actor=",
        "bad.bump writes but takes no actor=",
        "bad.relay writes but is not @atomic",
        "bad.rename writes but is not @atomic",
        "bad.touch writes but is not @atomic",
    ]
    assert rule_breakers(BAD, {"bad.add_thing": "a reason", "bad.bump": "a reason",
                               "bad.relay": "", "bad.rename": "", "bad.touch": ""}) == []
