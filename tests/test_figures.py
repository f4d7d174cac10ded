"""Figures a reader can trust: the strength chart on a true time axis with
each point's grade of evidence, and the map of the north with the places
chapter 7 names, no label over another label or a line (checked on the
figures' geometry, which both the SVG and the TikZ drawing come from)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefing.charts import Label, Marker, year_fraction
from briefing.maps import kfor_map, load_base
from briefing.placement import collisions
from briefing.timechart import strength_chart

DATA = Path(__file__).resolve().parent.parent / "book" / "_data"


def test_points_stand_at_their_dates():
    points = [("1999-06", 50000, "official"), ("2003-12", 17500, "news"), ("2013-02", 6000, "scholarly"),
              ("2026-02", 4636, "other")]
    fig = strength_chart(points, "t")
    marks = [item for item in fig.items if isinstance(item, Marker)][:len(points)]
    times = [year_fraction(date) for date, _, _ in points]
    per_year = [(m.x - marks[0].x) / (t - times[0]) for m, t in zip(marks[1:], times[1:])]
    assert per_year == pytest.approx([per_year[0]] * 3)  # the old bars stood evenly spaced
    assert [(m.shape, m.filled) for m in marks] == [("circle", True), ("circle", False), ("square", True),
                                                  ("triangle", False)]
    texts = [item.text for item in fig.items if isinstance(item, Label)]
    assert {"2000", "2005", "2010", "2015", "2020", "2025"} <= set(texts)
    assert {"official text", "news report", "scholarly work", "other source"} <= set(texts)


def test_the_books_chart_has_no_label_over_another_or_a_line():
    entries = yaml.safe_load((DATA / "strength.yaml").read_text(encoding="utf-8"))
    fig = strength_chart([(e["date"], int(e["troops"]), "news") for e in entries], "t")
    assert collisions(fig) == []
    values = [item.text for item in fig.items if isinstance(item, Label) and item.bold]
    assert values == [f"{int(e['troops']):,}" for e in entries]  # every figure written once, in date order


@pytest.fixture(scope="module")
def base() -> dict:
    return load_base(DATA / "map" / "kosovo.json")


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return yaml.safe_load((DATA / "kfor-map.yaml").read_text(encoding="utf-8"))


def test_the_map_names_kosovo_and_no_label_collides(base, entries):
    fig = kfor_map(base, entries, "t")
    assert "KOSOVO" in [item.text for item in fig.items if isinstance(item, Label)]
    assert collisions(fig) == []


def test_the_detail_map_shows_the_north_and_no_label_collides(base, entries):
    fig = kfor_map(base, entries, "t", detail=True)
    texts = " | ".join(item.text for item in fig.items if isinstance(item, Label))
    for place in ("Zvečan", "Zubin Potok", "Leposavić", "Banjska", "Jarinje (crossing)", "Ibar bridge",
                  "Mitrovica"):
        assert place in texts, (place, texts)
    assert collisions(fig) == []


def test_places_outside_the_gazetteer_say_where_their_position_is_from(base):
    for town in base["towns"]:
        assert "geonames_name" in town or town.get("position_from"), town["id"]
