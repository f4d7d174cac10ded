"""The troop-strength chart: figures by date on a true time axis.

Each point stands at its date (a year-only date in mid-year, a month in
mid-month), so the ten years between 2003 and 2013 take the room they
took; a thin line joins the reported figures. A point's mark shows the
grade of its evidence (the best kind among its sources), with a key under
the axis: filled for official texts and scholarly work, open for news
reports and other sources. Every value is written beside its mark, at the
first free spot around it (:class:`briefing.placement.Placer`), with a
leader where it had to move away.
"""
from __future__ import annotations

import math

from briefing.charts import Figure, Label, Line, Marker, Path, year_fraction
from briefing.placement import Placer, Segment

#: grade -> (shape, filled, words in the key)
MARKS = {
    "official": ("circle", True, "official text"),
    "scholarly": ("square", True, "scholarly work"),
    "news": ("circle", False, "news report"),
    "other": ("triangle", False, "other source"),
}
SIZE = 2.5  # value labels, mm


def strength_chart(points: list[tuple[str, int, str]], title: str, width: float = 150.0) -> Figure:
    """``points`` are (date, troops, grade); grades not in :data:`MARKS` count as other."""
    left, right, top, plot_h = 16.0, 6.0, 8.0, 58.0
    base = top + plot_h
    times = [year_fraction(date) for date, _, _ in points]
    first, last = math.floor(min(times)), math.floor(max(times)) + 1
    span = width - left - right

    def x_of(t: float) -> float:
        return left + span * (t - first) / (last - first)

    peak = max(10000, math.ceil(max(v for _, v, _ in points) / 10000) * 10000)
    items: list = [Line(left, base, width - right, base, 0.5), Line(left, top - 3, left, base, 0.3)]
    for tick in range(0, peak + 1, 10000):
        y = base - plot_h * tick / peak
        items.append(Label(left - 1.5, y + 0.9, f"{tick:,}", "end", SIZE))
        if tick:
            items.append(Line(left, y, width - right, y, 0.1, True))
    for year in range(first, last + 1):
        major = year % 5 == 0
        items.append(Line(x_of(year), base, x_of(year), base + (1.8 if major else 0.9), 0.3 if major else 0.2))
        if major:
            items.append(Label(x_of(year), base + 5.0, str(year), "middle", SIZE))
    marks = [(x_of(t), base - plot_h * value / peak, value, grade if grade in MARKS else "other")
             for t, (_, value, grade) in zip(times, points)]
    line = Path(tuple((x, y) for x, y, _, _ in marks), closed=False, width=0.25)
    items.append(line)
    items += [Marker(x, y, MARKS[g][0], MARKS[g][1]) for x, y, _, g in marks]

    lines = [(left, base, width - right, base), (left, top - 3, left, base)]
    lines += [(a[0], a[1], b[0], b[1]) for a, b in zip(line.points, line.points[1:])]
    placer = Placer((left + 0.5, 0.0, width, base - 0.4), lines,
                    [(x - 1.4, y - 1.4, x + 1.4, y + 1.4) for x, y, _, _ in marks])
    xs = [x for x, *_ in marks]
    for i, (x, y, value, _) in enumerate(marks):
        near_left = i > 0 and x - xs[i - 1] < 5.0
        near_right = i + 1 < len(xs) and xs[i + 1] - x < 5.0
        found = placer.first_free(_candidates(x, y, f"{value:,}", _directions(near_left, near_right)))
        if found is None:  # nowhere free: keep the value above its mark
            found = ([Label(x, y - 2.2, f"{value:,}", "middle", SIZE, True, halo=True)], None)
        labels, leader = found
        items += labels
        if leader is not None:
            items.append(Line(*leader, 0.15))
    height = base + 8.0
    items += _key(height, left, sorted({g for *_, g in marks}, key=list(MARKS).index))
    return Figure(width, height + 10.0, items, title)


N, NE, E, SE, S, SW, W, NW = (0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1)


def _directions(near_left: bool, near_right: bool) -> list[tuple[int, int]]:
    """Where a value goes first: away from a close neighbour, straight up
    between two, so that values read in the order of their marks."""
    if near_left and near_right:
        return [N]
    if near_right:
        return [NW, W, SW, N]
    if near_left:
        return [NE, E, SE, N]
    return [E, W, N, NE, NW]


def _candidates(x: float, y: float, text: str, preferred: list[tuple[int, int]]):
    """Spots around a mark: on the preferred sides near it, then anywhere,
    nearest first; beyond the first two rings, with a leader."""
    every = [N, NE, E, SE, S, SW, W, NW]
    passes = [((0.6, 2.5, 4.5), preferred), ((0.6, 2.5, 4.5, 7.0, 10.0, 14.0), every)]
    r = 1.1
    for gaps, directions in passes:
        for gap in gaps:
            d = r + gap
            for dx, dy in directions:
                k = 1.0  # a diagonal spot clears the mark in both directions
                ax, ay = x + dx * d * k, y + dy * d * k
                anchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
                baseline = ay - 0.6 if dy < 0 else ay + 0.8 * SIZE if dy > 0 else ay + 0.9
                label = Label(ax, baseline, text, anchor, SIZE, True, halo=True)
                leader: Segment | None = None
                if gap > 3:
                    sx, sy = x + dx * k * (r + 0.9), y + dy * k * (r + 0.9)
                    leader = (sx, sy, ax - dx * k * 0.3, ay - dy * k * 0.3)
                yield [label], leader


def _key(top: float, left: float, grades: list[str]) -> list:
    """Which mark is which grade, and what the line is."""
    items: list = [Label(left - 14.0, top + 1.0, "Evidence:", size=2.5)]
    x = left + 2.0
    for grade in grades:
        shape, filled, words = MARKS[grade]
        items += [Marker(x, top, shape, filled), Label(x + 2.5, top + 0.9, words, size=2.5)]
        x += 6.0 + len(words) * 1.5
    items += [Line(left, top + 5.0, left + 6.0, top + 5.0, 0.25),
              Label(left + 8.0, top + 5.9, "the line joins the reported figures; it shows none between them",
                    size=2.5)]
    return items
