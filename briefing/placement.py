"""Where labels go on a figure: boxes, the lines they must not cross, and
a greedy search for a free spot.

A label's box is estimated from its text (character widths of a
sans-serif face, a little generous), so the same numbers serve the SVG and
the TikZ drawing, and the tests can check a figure without rendering it:
:func:`collisions` lists every label that overlaps another or crosses a
line.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefing.charts import Figure, Label, Line, Path

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (y grows downwards)
Segment = tuple[float, float, float, float]

NARROW, WIDE = set("ijlI.,:;'!|()[]/ ·"), set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` at ``size`` (its em in mm), slightly overestimated."""
    em = sum(0.3 if c in NARROW else 0.9 if c in WIDE else 0.7 if c.isupper() else 0.56 if c.isdigit() else 0.58
             for c in text)
    return em * size * (1.05 if bold else 1.0)


def box(label: Label, pad: float = 0.3) -> Box:
    """The box a label covers: cap height above its baseline, descenders below."""
    w = text_width(label.text, label.size, label.bold)
    x0 = label.x - {"start": 0.0, "middle": w / 2, "end": w}[label.anchor]
    return x0 - pad, label.y - 0.78 * label.size - pad, x0 + w + pad, label.y + 0.24 * label.size + pad


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(seg: Segment, b: Box) -> bool:
    """Does the segment touch the inside of the box (Liang-Barsky clipping)?"""
    x1, y1, x2, y2 = seg
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - b[0]), (dx, b[2] - x1), (-dy, y1 - b[1]), (dy, b[3] - y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def intersect(a: Segment, b: Segment) -> bool:
    """Do two segments cross (touching ends count)?"""
    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    p1, p2, q1, q2 = (a[0], a[1]), (a[2], a[3]), (b[0], b[1]), (b[2], b[3])
    d1, d2, d3, d4 = side(q1, q2, p1), side(q1, q2, p2), side(p1, p2, q1), side(p1, p2, q2)
    return ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0))


def segments(items: Iterable) -> list[Segment]:
    """The straight pieces of every solid line and outline among ``items``
    (dashed grid lines, which a label's halo interrupts, are left out)."""
    out: list[Segment] = []
    for item in items:
        if isinstance(item, Line) and not item.dashed:
            out.append((item.x1, item.y1, item.x2, item.y2))
        elif isinstance(item, Path) and item.width and not item.dashed:
            pts = list(item.points) + ([item.points[0]] if item.closed else [])
            out += [(a[0], a[1], b[0], b[1]) for a, b in zip(pts, pts[1:])]
    return out


class Placer:
    """Labels placed one by one, each at the first free candidate spot."""

    def __init__(self, bounds: Box, lines: Sequence[Segment] = (), blocked: Sequence[Box] = ()) -> None:
        self.bounds = bounds
        self.lines = list(lines)
        self.blocked = list(blocked)

    def free(self, labels: Sequence[Label], leader: Segment | None = None) -> bool:
        boxes = [box(lab) for lab in labels]
        x0, y0, x1, y1 = self.bounds
        if any(b[0] < x0 or b[1] < y0 or b[2] > x1 or b[3] > y1 for b in boxes):
            return False
        if any(overlap(b, other) for b in boxes for other in self.blocked):
            return False
        if any(crosses(seg, b) for b in boxes for seg in self.lines):
            return False
        if leader is None:
            return True
        return not any(crosses(leader, other) for other in self.blocked + boxes[1:]) and \
            not any(intersect(leader, seg) for seg in self.lines)

    def take(self, labels: Sequence[Label], leader: Segment | None = None) -> None:
        self.blocked += [box(lab) for lab in labels]
        if leader is not None:
            self.lines.append(leader)

    def first_free(self, options: Iterable[tuple[list[Label], Segment | None]]) -> tuple[list[Label], Segment | None] | None:
        for labels, leader in options:
            if self.free(labels, leader):
                self.take(labels, leader)
                return labels, leader
        return None


def collisions(fig: Figure, ignore: Sequence[str] = ()) -> list[str]:
    """Every label of the figure that overlaps another label or crosses a line
    (not counting its own leader, which ends at the label's edge)."""
    labels = [item for item in fig.items if isinstance(item, Label) and item.text not in ignore]
    lines = segments(fig.items)
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if overlap(box(a, 0), box(b, 0)):
                found.append(f"{a.text!r} overlaps {b.text!r}")
        hit = next((s for s in lines if crosses(s, box(a, 0))), None)
        if hit is not None:
            found.append(f"{a.text!r} crosses the line {tuple(round(v, 1) for v in hit)}")
    return found
