"""The map's furniture, in millimetres: its frame and graticule, the camp
symbols, the key and the scale bar, and the clipping of a country's ring
to the box of the detail map (:func:`briefing.maps.kfor_map` draws with
them)."""
from __future__ import annotations

import math

from briefing.charts import Dot, Label, Line, Path

KM_PER_DEGREE = 111.2  # one degree of latitude


def clip(ring: list, box: tuple[float, float, float, float]) -> list:
    """Sutherland-Hodgman clipping of a closed [lon, lat] ring to a box."""
    west, south, east, north = box
    points = [tuple(p) for p in ring]
    for axis, limit, keep_above in ((0, west, True), (0, east, False), (1, south, True), (1, north, False)):
        def inside(p, axis=axis, limit=limit, keep_above=keep_above):
            return p[axis] >= limit if keep_above else p[axis] <= limit

        def cut(a, b, axis=axis, limit=limit):
            t = (limit - a[axis]) / (b[axis] - a[axis])
            return tuple(limit if i == axis else a[i] + t * (b[i] - a[i]) for i in (0, 1))
        result, prev = [], points[-1] if points else None
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    result.append(cut(prev, cur))
                result.append(cur)
            elif inside(prev):
                result.append(cut(prev, cur))
            prev = cur
        points = result
    return points


def symbol(kind: str, x: float, y: float) -> Path:
    if kind == "hq":
        h = 1.3
        return Path(((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)), fill=1, width=0)
    r = 1.6
    return Path(((x, y - r), (x + r * 0.87, y + r * 0.5), (x - r * 0.87, y + r * 0.5)), fill=1, width=0)


def graticule(west, south, east, north, xy, width, height) -> list:
    """A frame, and ticks with degree labels at each whole degree."""
    items: list = [Path(((0, 0), (width, 0), (width, height), (0, height)), width=0.3)]
    for lon in range(math.ceil(west), math.floor(east) + 1):
        x, _ = xy(lon, south)
        items += [Line(x, height, x, height - 2.0, 0.2), Line(x, 0, x, 2.0, 0.2),
                  Label(x + 0.8, height - 1.0, f"{lon}°E", "start", 2.2, shade=0.7)]
    for lat in range(math.ceil(south), math.floor(north) + 1):
        _, y = xy(west, lat)
        items += [Line(0, y, 2.0, y, 0.2), Line(width, y, width - 2.0, y, 0.2),
                  Label(1.0, y - 1.0, f"{lat}°N", "start", 2.2, shade=0.7)]
    return items


def legend(top: float, width: float, scale: float, detail: bool = False) -> list:
    """The key (symbols, lines, a sector label) and a scale bar, under the map;
    under the detail map, the scale bar only."""
    items: list = []
    if detail:
        return scale_bar(2.0, top, scale)
    x1, x2, row = 2.0, width / 2 + 2.0, 4.6
    items += [Dot(x1 + 1.5, top, 0.9), Label(x1 + 5, top + 1.0, "Town: Albanian / Serbian name", size=2.6)]
    items += [symbol("hq", x1 + 1.5, top + row),
              Label(x1 + 5, top + row + 1.0, "KFOR headquarters (today)", size=2.6)]
    items += [symbol("base", x1 + 1.5, top + 2 * row),
              Label(x1 + 5, top + 2 * row + 1.0, "Regional command base (today)", size=2.6)]
    items += [Label(x1, top + 20.5, "MNB North (France)", size=2.6, bold=True),
              Label(x1 + 32, top + 20.5, "1999 brigade sector: headquarters town, lead nation", size=2.6)]
    items += [Line(x2, top, x2 + 8, top, 0.7), Label(x2 + 10, top + 1.0, "Kosovo boundary", size=2.6),
              Line(x2, top + row, x2 + 8, top + row, 0.25),
              Label(x2 + 10, top + row + 1.0, "State border (neighbouring states in grey)", size=2.6)]
    items += [Path(((x2, top + 3.3 * row - 1.5), (x2 + 8, top + 3.3 * row - 1.5), (x2 + 8, top + 3.3 * row + 1.5),
                    (x2, top + 3.3 * row + 1.5)), width=0.3, dashed=True),
              Label(x2 + 10, top + 3.3 * row + 1.0, "Area of the detail map of the north", size=2.6)]
    return items + scale_bar(x2, top + 2 * row, scale)


def scale_bar(x2: float, y: float, scale: float) -> list:
    km = scale / KM_PER_DEGREE  # mm per km
    items: list = [Line(x2, y, x2 + 30 * km, y, 0.5)]
    for tick in (0, 10, 20, 30):
        items += [Line(x2 + tick * km, y - 1.0, x2 + tick * km, y, 0.3),
                  Label(x2 + tick * km, y + 3.2, str(tick), "middle", 2.4)]
    items.append(Label(x2 + 30 * km + 3, y + 1.0, "km", size=2.6))
    return items
