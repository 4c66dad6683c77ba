"""The layers hold (README, "How the code is laid out"): the import contracts in pyproject.toml,
and what import-linter cannot see (imports inside functions, others' private names, views)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "opendata", "dashboard", "inspections", "authorities")
DOMAIN = ("authorities", "inspections")
#: What only a page (dashboard) or the API may use: responses, templates, views, the cache.
PAGE_MODULES = (
    "django.http",
    "django.shortcuts",
    "django.template",
    "django.views",
    "django.core.cache",
)


def sources(*packages: str) -> list[Path]:
    return [
        path
        for package in packages
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[ast.AST, str, list[str], bool]]:
    """Each import: the node, the module imported (absolute), the names, and whether it sits
    inside a function."""
    tree = ast.parse(path.read_text(), str(path))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((child, alias.name, [], in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append((child, base, [a.name for a in child.names], in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") >= 5


def test_no_import_inside_a_function_dodges_a_cycle():
    """Imports of the project's own modules sit at the top of a module; only an app's ready()
    connects its signals late, as Django asks."""
    late = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {module}"
        for path in sources(*PACKAGES)
        for node, module, _, in_function in imports(path)
        if in_function and module.split(".")[0] in PACKAGES and path.name != "apps.py"
    ]
    assert late == []


def test_no_module_imports_another_modules_private_names():
    private = [
        f"{path.relative_to(ROOT)}:{node.lineno} takes {module}.{name}"
        for path in sources(*PACKAGES)
        for node, module, names, _ in imports(path)
        if module.split(".")[0] in PACKAGES and module != module_name(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_the_domain_renders_nothing():
    """Domain apps hold no views, templates, responses or cache code (their admin aside: the
    data-entry screens are Django's admin, which lives with its models)."""
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {module}"
        for path in sources(*DOMAIN)
        if path.name != "admin.py"
        for node, module, _, _ in imports(path)
        if module.startswith(PAGE_MODULES)
    ]
    assert found == []
    assert not list((ROOT / "templates").glob("authorities/*"))
    assert not list((ROOT / "templates").glob("inspections/*"))


def test_dashboard_defines_no_models():
    assert list(apps.get_app_config("dashboard").get_models()) == []


def views(patterns, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.callback))
    return found


def test_only_the_admin_api_and_feeds_live_outside_dashboard():
    every = views(get_resolver().url_patterns)
    elsewhere = ("admin/", "api/", "feeds/")
    outside = [
        (route, view.__module__)
        for route, view in every
        if not route.startswith(elsewhere) and not view.__module__.startswith("dashboard.")
    ]
    assert outside == []
    assert all(any(route.startswith(prefix) for route, _ in every) for prefix in elsewhere)
    assert sum(not route.startswith(elsewhere) for route, _ in every) >= 15
