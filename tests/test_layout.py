"""Where code lives: every import between the top-level packages points down the list in the
README's architecture section, and no module imports itself back through others.

Imports are read from the source (every import, at the top of a module or inside a function),
so an import made late to dodge a circle counts as much as any other."""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[1]
# Each package, and the packages of ours it may import, top of the house first.
MAY_IMPORT = {
    "newsroom": {"articles", "artists", "pictures", "common"},
    "articles": {"artists", "pictures", "common"},
    "artists": {"pictures", "common"},
    "pictures": {"common"},
    "common": set(),
}
# The one deliberate exception: artist and release pages, and their story feeds, list stories.
EXCEPTIONS = {"artists.views": {"articles"}, "artists.urls": {"articles"}}


def modules():
    """{dotted name: path} of every module of our packages."""
    found = {}
    for package in MAY_IMPORT:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(name, path, known):
    """The modules of ours that module `name` imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                targets.add(candidate if candidate in known else base)
    return {_known(target, known) for target in targets} - {None, name}


def _absolute(name, is_package, module, level):
    if not level:
        return module
    parts = name.split(".")
    parent = parts if is_package else parts[:-1]
    parent = parent[: len(parent) - (level - 1)]
    return ".".join([*parent, module] if module else parent)


def _known(target, known):
    """`target`, or the nearest package of ours that holds it; None when it is not ours."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def graph():
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def circles(edges):
    """Groups of modules that import one another, round in a circle (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while node not in group:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def upward(edges):
    """Every import that points up the list: ["module → module", …]."""
    found = []
    for module, targets in sorted(edges.items()):
        package = module.partition(".")[0]
        allowed = {package} | MAY_IMPORT[package] | EXCEPTIONS.get(module, set())
        found += [f"{module} → {t}" for t in sorted(targets) if t.partition(".")[0] not in allowed]
    return found


class LayoutTests(SimpleTestCase):
    def test_every_import_between_packages_points_down(self):
        self.assertEqual(upward(graph()), [])

    def test_no_module_imports_itself_back_through_others(self):
        self.assertEqual(circles(graph()), [])

    def test_the_checks_can_fail(self):
        """An upward import and a circle, planted in a copy of the graph, are both found."""
        edges = graph()
        edges["common.text"] = {*edges["common.text"], "articles.models"}
        edges["pictures.fields"] = {*edges["pictures.fields"], "newsroom.cache"}
        self.assertEqual(
            upward(edges), ["common.text → articles.models", "pictures.fields → newsroom.cache"]
        )
        self.assertTrue(any("common.text" in group for group in circles(edges)))
        ring = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        self.assertEqual(circles(ring), [["a", "b", "c"]])

    def test_imports_are_read_wherever_they_are(self):
        edges = graph()
        self.assertEqual({module.partition(".")[0] for module in edges}, set(MAY_IMPORT))
        self.assertIn("articles.models", edges["newsroom.cache"])  # inside a function
        self.assertIn("articles.admin.pages", edges["articles.admin.stories"])  # relative
        self.assertIn("articles.models", edges["artists.views"])  # the exception
