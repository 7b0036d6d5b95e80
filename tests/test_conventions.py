"""Project conventions that a reviewer would otherwise have to remember."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk import conf

REPO = Path(__file__).resolve().parent.parent
# Layers and "the pure core imports no Django" are import-linter's contracts (pyproject.toml,
# run by `make lint`). What it cannot see: where configuration is read.

# Files that may touch the environment, each for a reason that is not reading an option.
ENVIRONMENT_READERS = {
    "newsdesk/conf.py": "reads every option, once",
    "newsdesk/__main__.py": "names the settings module",
    "newsdesk/asgi.py": "names the settings module",
    "newsdesk/wsgi.py": "names the settings module",
    "newsdesk/prerender/front.py": "names the settings module",
    "newsdesk/cli/runtime.py": "hands its environment to the processes it starts",
    "newsdesk/ops/redact.py": "finds configured secrets in an environment it is given",
    "newsdesk/llm/openai_compat.py": "reads the API key from the variable the operator names",
}


def test_options_are_read_one_way() -> None:
    """Options come from ``conf.options()``: no module reads ``settings.NEWSDESK_*`` or the
    environment for itself (a second way to read an option is a second default)."""
    offenders = []
    for path in sorted((REPO / "newsdesk").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        text = path.read_text(encoding="utf-8")
        if "settings.NEWSDESK_" in text.replace("``settings.NEWSDESK_*``", ""):
            offenders.append(f"{name}: settings.NEWSDESK_")
        if ("os.environ" in text or "getenv" in text) and name not in ENVIRONMENT_READERS:
            offenders.append(f"{name}: os.environ")
    assert not offenders, offenders


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
