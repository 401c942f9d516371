"""The package's import layers: arrows point down and never back, and no module imports
itself round a circle, except for the two Flask idioms the README names."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "healthcheck"

# Lowest first. A module belongs to the layer of the most specific pattern that names it or
# a package it is in; each may import only from its own layer or those below.
LAYERS = {
    "core": (  # the bank, scoring, disclosure, value checks: no Flask, no SQL
        "healthcheck.settings",
        "healthcheck.paths",
        "healthcheck.formatting",
        "healthcheck.problems",
        "healthcheck.lookalikes",
        "healthcheck.uploads.files",
        "healthcheck.bank_validation",
        "healthcheck.questions",
        "healthcheck.comments",
        "healthcheck.comments.words",
        "healthcheck.comments.theme_bank",
        "healthcheck.comments.topics",
        "healthcheck.comments.themes",
        "healthcheck.comments.finding",
        "healthcheck.results.points",
        "healthcheck.results.tallies",
        "healthcheck.results.scoring",
        "healthcheck.results.uncertainty",
        "healthcheck.results.disclosure",
        "healthcheck.workforce.values",
        "healthcheck.workforce.columns",
        "healthcheck.workforce.indicators",
        "healthcheck.survey.codes",
        "healthcheck.survey.mail",
        "healthcheck.survey.journey",
        "healthcheck.survey.mapping",
        "healthcheck.dfe.figures",
        "healthcheck.publishing.prose",
        "healthcheck.comments.flags",
    ),
    "data": (  # plain functions over the database
        "healthcheck.db",
        "healthcheck.survey.bulk_insert",
        "healthcheck.migrations",
        "healthcheck.cycles",
        "healthcheck.accounts",
        "healthcheck.sign_in_attempts",
        "healthcheck.organisation_view",
        "healthcheck.running",
        "healthcheck.retention",
        "healthcheck.uploads",
        "healthcheck.backup",
        "healthcheck.results",
        "healthcheck.actions",
        "healthcheck.dfe",
        "healthcheck.publishing.summaries",
        "healthcheck.publishing.you_said",
        "healthcheck.workforce",
        "healthcheck.survey.store",
        "healthcheck.survey.answers",
        "healthcheck.survey.checks",
        "healthcheck.survey.drafts",
        "healthcheck.survey.access_codes",
        "healthcheck.survey.uptake",
        "healthcheck.survey.importing",
        "healthcheck.survey.invitations",
        "healthcheck.comments.review",
    ),
    "files": (  # workbooks and templates of uploads
        "healthcheck.workbook",
        "healthcheck.workforce.template",
        "healthcheck.reports",
    ),
    "pages and commands": (
        "healthcheck.web",
        "healthcheck.admin",
        "healthcheck.survey",
        "healthcheck.publishing",
        "healthcheck.cli",
        "healthcheck.demo",
    ),
    "entry points": ("healthcheck",),
}

# The documented idioms: a blueprint package's __init__ imports its view modules (which
# import its blueprint back), and the command group creates the app that registers it.
BLUEPRINT_PACKAGES = ("healthcheck.admin",)
APP_FACTORY = "healthcheck"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict) -> set[str]:
    """Every module of the package that `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                if f"{source}.{alias.name}" in known:
                    found.add(f"{source}.{alias.name}")
                elif source in known:
                    found.add(source)
    found.discard(name)
    return found


def layer_of(name: str) -> int:
    """The layer of the most specific pattern naming the module or a package it is in."""
    matches = [
        (len(pattern), rank)
        for rank, patterns in enumerate(LAYERS.values())
        for pattern in patterns
        if name == pattern or name.startswith(pattern + ".")
    ]
    assert matches, f"{name} is in no layer: add it to LAYERS in {Path(__file__).name}"
    return max(matches)[1]


KNOWN = modules()
GRAPH = {name: imports(name, path, KNOWN) for name, path in KNOWN.items()}


def is_idiom(source: str, target: str) -> bool:
    if source in BLUEPRINT_PACKAGES and target.startswith(source + "."):
        return True
    return target == APP_FACTORY and source.startswith("healthcheck.cli.")


def test_every_module_has_a_layer():
    for name in KNOWN:
        layer_of(name)


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_imports_point_down_the_layers(name):
    upward = [
        target for target in sorted(GRAPH[name]) if layer_of(target) > layer_of(name) and not is_idiom(name, target)
    ]
    assert not upward, f"{name} ({layer_of(name)}) imports from a higher layer: {upward}"


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_circles_beyond_the_two_flask_idioms():
    without_idioms = {
        name: {target for target in targets if not is_idiom(name, target)} for name, targets in GRAPH.items()
    }
    assert circles(without_idioms) == []


def test_the_check_finds_a_circle_when_there_is_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_few_modules_sit_at_the_top_of_the_package():
    top = [path.name for path in PACKAGE.glob("*.py")]
    assert len(top) <= 16, sorted(top)
