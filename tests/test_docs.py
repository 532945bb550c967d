"""The documentation stays true to the repository.

* ``docs/architecture.md`` draws the package as a tree: it must be the tree of
  ``src/captionie`` (every module and package folder listed, nothing listed that is not there).
* README.md stays under 250 lines.
* README.md and ``docs/*.md`` link only to files a clone has: no link outside the repository,
  every relative link resolves.
* The example record of ``docs/output-format.md`` is what ``captionie.extract`` gives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "captionie"
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
FENCE = re.compile(r"^```(?P<lang>\w*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
TREE_ENTRY = re.compile(r"^(?P<indent>(?:│   |    )*)(?:├── |└── )(?P<name>\S+)")
#: Markdown links and images: [text](target) and ![alt](target), target up to a space or ")".
LINK = re.compile(r"!?\[[^\]]*\]\((?P<target><[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")


def fenced(path: Path, lang: str) -> list[str]:
    return [m.group("body") for m in FENCE.finditer(path.read_text(encoding="utf-8")) if m.group("lang") == lang]


def drawn_tree() -> set[str]:
    """Paths (relative to ``src/captionie``; folders end in ``/``) of the tree in
    ``docs/architecture.md``."""
    blocks = [b for b in fenced(ROOT / "docs" / "architecture.md", "text") if b.startswith("src/captionie/")]
    assert len(blocks) == 1, "docs/architecture.md must draw src/captionie/ in one ```text block"
    paths: set[str] = set()
    parents: list[str] = []
    for number, line in enumerate(blocks[0].splitlines()[1:], start=2):
        if not line.strip():
            continue
        entry = TREE_ENTRY.match(line)
        assert entry is not None, f"tree line {number} is not one entry: {line!r}"
        depth = len(entry.group("indent")) // 4
        assert depth <= len(parents), f"tree line {number} is indented under nothing: {line!r}"
        del parents[depth:]
        name = entry.group("name")
        path = "".join(parents) + name
        assert path not in paths, f"{path} is listed twice"
        paths.add(path)
        if name.endswith("/"):
            parents.append(name)
    return paths


def package_tree() -> set[str]:
    """The modules and package folders of ``src/captionie``, as :func:`drawn_tree` writes them."""
    paths: set[str] = set()
    for module in PACKAGE.rglob("*.py"):
        relative = module.relative_to(PACKAGE)
        if "__pycache__" in relative.parts:
            continue
        paths.add(relative.as_posix())
        for folder in relative.parents:
            if folder != Path("."):
                paths.add(folder.as_posix() + "/")
    return paths


def test_architecture_tree_is_the_package() -> None:
    drawn, actual = drawn_tree(), package_tree()
    # A sub-package's __init__.py goes without saying once its folder is drawn.
    implied = {f"{path}__init__.py" for path in drawn if path.endswith("/")}
    missing = sorted(actual - drawn - implied)
    extra = sorted(drawn - actual)
    assert not missing and not extra, (f"docs/architecture.md does not draw {missing}; "
                                       f"it draws what src/captionie does not have: {extra}")


def test_readme_is_under_250_lines() -> None:
    lines = len(README.read_text(encoding="utf-8").splitlines())
    assert lines < 250, f"README.md has {lines} lines"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_no_reference_outside_the_repository(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for forbidden in ("../shared", "MEASUREMENTS.md"):
        assert forbidden not in text, f"{page.name} refers to {forbidden}, which a clone does not have"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_relative_links_resolve(page: Path) -> None:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))  # links inside code blocks are not links
    broken = []
    for found in LINK.finditer(text):
        target = found.group("target").strip("<>")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
            continue  # a URL or an anchor on the same page
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)} links to missing files: {broken}"


def test_output_format_example_is_what_captionie_gives() -> None:
    import captionie

    records = [json.loads(body) for body in fenced(ROOT / "docs" / "output-format.md", "json")]
    records = [r for r in records if isinstance(r, dict) and "text" in r and "warnings" in r]
    assert records, "docs/output-format.md shows no full record"
    for shown in records:
        text = shown["text"]
        for name in ("image_ids", "dates", "expeditions", "spacecraft", "crew", "agencies", "locations"):
            for mention in shown[name]:
                assert text[mention["start"]:mention["end"]] == mention["text"]
        record = captionie.extract(text, id=shown["id"], meta=shown["meta"])
        assert record == shown
