"""The bundled samples of member months and community tenure are what their generator writes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tenncare_calc" / "data" / "samples"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "tools" / "make_samples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_samples", module)
    spec.loader.exec_module(module)
    return module


def test_committed_samples_are_reproducible() -> None:
    """`python tools/make_samples.py` writes exactly the committed files (seeded, deterministic)."""
    texts = _generator().sample_texts()  # type: ignore[attr-defined]
    assert sorted(texts) == ["enrollment_spans_2008.csv", "mental_health_stays_2008.csv"]
    for name, text in texts.items():
        assert (SAMPLES / name).read_text("utf-8") == text, name


def test_samples_are_small_and_have_the_shapes_that_matter() -> None:
    """A few hundred rows; open ends, duplicates, stays still in hospital, three plans."""
    spans = (SAMPLES / "enrollment_spans_2008.csv").read_text("utf-8").splitlines()[1:]
    stays = (SAMPLES / "mental_health_stays_2008.csv").read_text("utf-8").splitlines()[1:]
    assert 100 <= len(spans) <= 500
    assert 100 <= len(stays) <= 500
    assert any(line.endswith(",") for line in spans)  # open-ended
    assert len(set(spans)) < len(spans)  # duplicate rows
    assert any(",," in line for line in stays)  # still in hospital
    assert {line.rsplit(",", 1)[1] for line in stays} == {"east", "middle", "west"}
