"""Project conventions that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newsdesk import conf

REPO = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ("reader", "llm", "editorial")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_core_imports_no_django(package: str) -> None:
    files = list((REPO / "newsdesk" / package).rglob("*.py"))
    assert files
    for path in files:
        bad = {m for m in imported_modules(path)
               if m.split(".")[0] in {"django", "django_tasks"}
               or m.startswith(("newsdesk.articles", "newsdesk.intake", "newsdesk.web"))}
        assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"


def test_every_option_is_documented() -> None:
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [option.name for option in conf.OPTIONS if f"`{option.name}`" not in doc]
    assert not missing, f"undocumented options: {missing}"


def test_secrets_are_redacted() -> None:
    shown = dict(conf.effective({"NEWSDESK_OPENAI_API_KEY": "sk-very-secret",
                                 "NEWSDESK_SECRET_KEY": ""}))
    assert shown["NEWSDESK_OPENAI_API_KEY"] == "(set)"
    assert shown["NEWSDESK_SECRET_KEY"] == "(empty)"
    assert "sk-very-secret" not in repr(shown)


def test_bad_option_value_names_the_option() -> None:
    with pytest.raises(ValueError, match="NEWSDESK_AUTO_PUBLISH"):
        conf.BY_NAME["NEWSDESK_AUTO_PUBLISH"].value({"NEWSDESK_AUTO_PUBLISH": "perhaps"})
