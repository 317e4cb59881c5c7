"""Every sentence in our own words: no run of 10 words shared with the seed or the brief."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).parent / "reference"
N = 10


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def grams(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + N]) for i in range(len(w) - N + 1)}


def reference_runs() -> set[tuple[str, ...]]:
    """Runs of the seed and the brief, less the brief's source list (titles may be quoted)."""
    seed = (REFERENCE / "seed.txt").read_text()
    brief = (REFERENCE / "clinical-brief.md").read_text()
    brief = re.sub(r"## 1\. Sources.*?## 2\.", "## 2.", brief, flags=re.S)
    return grams(seed) | grams(brief)


def curriculum_texts() -> dict[str, str]:
    texts = {
        str(p.relative_to(ROOT)): p.read_text()
        for p in (ROOT / "alsedu").rglob("*")
        if p.suffix in {".yaml", ".md"} and p.name != "sources.yaml"
    }
    for p in [*(ROOT / "notebooks").rglob("*.ipynb"), *(ROOT / "source").rglob("*.ipynb")]:
        cells = json.loads(p.read_text())["cells"]
        texts[str(p.relative_to(ROOT))] = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
        )
    return texts


def test_reference_copies_match_shared_when_present():
    shared = ROOT.parent / "shared"
    pairs = [(shared / "research" / "clinical-brief.md", REFERENCE / "clinical-brief.md")]
    pairs += [(p, REFERENCE / "seed.txt") for p in (shared / "seed").glob("*.txt")]
    for original, copy in pairs:
        if original.exists():
            assert original.read_text() == copy.read_text(), f"refresh {copy} from {original}"


def test_no_ten_word_run_is_copied_from_the_seed_or_the_brief():
    ref = reference_runs()
    copied = {name: sorted(grams(text) & ref)[:2] for name, text in curriculum_texts().items()}
    assert {name: runs for name, runs in copied.items() if runs} == {}


def test_the_check_would_catch_a_copied_sentence():
    seed_sentence = (REFERENCE / "seed.txt").read_text().splitlines()[2]
    assert grams(seed_sentence) & reference_runs()
