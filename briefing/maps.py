"""The map of Kosovo, drawn from a base-map file and a file of claims.

The base map (``book/_data/map/kosovo.json``, made by
``tools/make_map_data.py``) holds the box, the clipped country rings and the
towns in longitude/latitude. The claims file (a ``claims-data`` YAML file)
holds what KFOR has where; each entry names the town it belongs to in
``place`` and its ``kind``:

* ``sector``: a 1999 brigade sector; its ``label`` goes under the town's name;
* ``hq`` / ``base``: a camp, drawn as a square / triangle beside the town, on
  the ``side`` given (n, ne, e, se, s, sw, w, nw), with its ``label``.

:func:`kfor_map` turns both into a :class:`~briefing.charts.Figure` in
millimetres (an equirectangular projection true to scale at the box's middle
latitude), so the HTML and the PDF draw the same map.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path as FilePath

from briefing.charts import Dot, Figure, Label, Line, Path
from briefing.placement import Placer, segments

KINDS = ("sector", "hq", "base")
SIDES = {"n": (0, -1), "ne": (1, -1), "e": (1, 0), "se": (1, 1), "s": (0, 1), "sw": (-1, 1), "w": (-1, 0), "nw": (-1, -1)}
KM_PER_DEGREE = 111.2  # one degree of latitude


class MapDataError(ValueError):
    """A problem in a map data file, with the line it is on (0: unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def load_base(path: FilePath) -> dict:
    """Read and check the base map; a problem raises :class:`MapDataError`."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MapDataError(exc.msg, exc.lineno) from None
    if not isinstance(data, dict):
        raise MapDataError("the base map must be a JSON object", 1)
    try:
        west, south, east, north = (float(v) for v in data["bbox"])
        if not (west < east and south < north):
            raise ValueError("bbox must be [west, south, east, north]")
        for country in data["countries"]:
            where = _line_of(text, f'"name": "{country.get("name", "")}"')
            _check(isinstance(country.get("name"), str), "a country has no name", where)
            for ring in country["rings"]:
                _check(len(ring) >= 3 and all(len(p) == 2 for p in ring),
                       f"country {country['name']!r}: a ring needs three or more [lon, lat] points", where)
                for point in ring:
                    float(point[0]), float(point[1])
        for town in data["towns"]:
            where = _line_of(text, f'"id": "{town.get("id", "")}"')
            for key in ("id", "sq", "sr", "lon", "lat"):
                _check(key in town, f"town {town.get('id', '?')!r} has no {key!r}", where)
            _check(town.get("label", "right") in ("left", "right"),
                   f"town {town['id']!r}: label must be 'left' or 'right'", where)
            try:
                float(town["lon"]), float(town["lat"])
            except (TypeError, ValueError):
                raise MapDataError(f"town {town['id']!r}: lon and lat must be numbers", where) from None
    except MapDataError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise MapDataError(f"the base map lacks a usable field: {exc}", 1) from None
    return data


def entry_problems(entry: dict, towns: dict) -> list[str]:
    """What keeps a claims entry off the map (empty when it can be drawn)."""
    kind, place, side = entry.get("kind", ""), entry.get("place", ""), entry.get("side", "e")
    found = []
    if kind not in KINDS:
        found.append(f"map entry {entry.get('id', '?')!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if place not in towns:
        found.append(f"map entry {entry.get('id', '?')!r}: unknown place {place!r} "
                     f"(the base map has {', '.join(sorted(towns))})")
    if side not in SIDES:
        found.append(f"map entry {entry.get('id', '?')!r}: side {side!r} is not one of {', '.join(SIDES)}")
    if not entry.get("label"):
        found.append(f"map entry {entry.get('id', '?')!r} has no label (the short text on the map)")
    return found


def kfor_map(base: dict, entries: list[dict], title: str, width: float = 150.0, detail: bool = False) -> Figure:
    """The map, with a legend and scale bar below it; ``entries`` must be
    drawable (see :func:`entry_problems`). With ``detail``, the map of the
    base map's ``detail`` box, with the places only it shows; otherwise
    the whole box, with the detail box outlined. Labels go where they
    cross no border and no other label (:class:`briefing.placement.Placer`)."""
    west, south, east, north = (float(v) for v in base["detail" if detail else "bbox"])
    shrink = math.cos(math.radians((south + north) / 2))
    scale = width / ((east - west) * shrink)  # mm per degree of latitude
    height = (north - south) * scale

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (float(lon) - west) * shrink * scale, (north - float(lat)) * scale

    items: list = []
    for country in base["countries"]:
        for ring in country["rings"]:
            ring = _clip(ring, (west, south, east, north)) if detail else ring
            if len(ring) >= 3:
                items.append(Path(tuple(xy(lon, lat) for lon, lat in ring), fill=0 if country.get("focus") else 0.13,
                                  width=0.7 if country.get("focus") else 0.25))
    if not detail and base.get("detail"):
        w, s, e, n = base["detail"]
        (x0, y0), (x1, y1) = xy(w, n), xy(e, s)
        items.append(Path(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), width=0.3, dashed=True))
    items += _graticule(west, south, east, north, xy, width, height)
    placer = Placer((0.5, 0.5, width - 0.5, height - 0.5),
                    segments(items) + segments([item._replace(dashed=False) for item in items if isinstance(item, Path)
                                                and item.dashed]))
    for country in base["countries"]:
        if country.get("label_at"):
            x, y = xy(*country["label_at"])
            lab = Label(x, y, country["name"].upper(), "middle", 3.6, True, 0.55)
            if detail and not (0 < x < width and 0 < y < height):
                continue
            items.append(lab)
            placer.take([lab])

    towns = {t["id"]: t for t in base["towns"]}
    shown = [t for t in base["towns"] if (detail and _inside(t, west, south, east, north)) or
             (not detail and not t.get("detail"))]
    for town in shown:
        x, y = xy(town["lon"], town["lat"])
        dot = Dot(x, y, 0.6 if town.get("kind") in ("village", "crossing", "bridge") else 0.9)
        items.append(dot)
        placer.blocked.append((x - 1.2, y - 1.2, x + 1.2, y + 1.2))
    camps = [e for e in entries if e["kind"] != "sector" and e["place"] in {t["id"] for t in shown}]
    symbols = []
    for entry in camps:
        town = towns[entry["place"]]
        dx, dy = SIDES[entry.get("side", "e")]
        tx, ty = xy(town["lon"], town["lat"])
        sx, sy = tx + 4.5 * dx, ty + 4.5 * dy
        items += [Line(tx, ty, sx, sy, 0.2), _symbol(entry["kind"], sx, sy)]
        placer.blocked.append((sx - 1.8, sy - 1.8, sx + 1.8, sy + 1.8))
        placer.lines.append((tx, ty, sx, sy))
        symbols.append((entry, sx, sy, dx, dy))
    sectors = {e["place"]: e["label"] for e in entries if e["kind"] == "sector"}
    for town in shown:
        x, y = xy(town["lon"], town["lat"])
        name = town["sq"] if town["sq"] == town["sr"] else f"{town['sq']} / {town['sr']}"
        name += " (crossing)" if town.get("kind") == "crossing" else ""
        lines = [(name, False, 2.9 if not town.get("kind") else 2.6)]
        lines += [(sectors[town["id"]], True, 2.6)] if town["id"] in sectors else []
        first = "w" if town.get("label") == "left" else "e"
        items += _place(placer, x, y, 1.6, lines, first)
    for entry, sx, sy, dx, dy in symbols:
        items += _place(placer, sx, sy, 2.0, [(entry["label"], False, 2.6)],
                        next(k for k, v in SIDES.items() if v == (dx, dy)))
    items += _legend(height + 4.0, width, scale, detail)
    return Figure(width, height + (14.0 if detail else 27.0), items, title)


def _inside(town: dict, west: float, south: float, east: float, north: float) -> bool:
    return west < float(town["lon"]) < east and south < float(town["lat"]) < north


ORDER = ["e", "w", "ne", "nw", "se", "sw", "n", "s"]


def _place(placer: Placer, x: float, y: float, r: float, lines: list[tuple[str, bool, float]], first: str) -> list:
    """A block of label lines beside a point, on the first side (then the
    next ones) where it is free; as near as can be, else a little further."""
    sides = [first] + [s for s in ORDER if s != first]
    height = sum(size * 1.25 for _, _, size in lines)
    for gap in (r, r + 1.5, r + 3.0, r + 5.0, r + 8.0):
        for side in sides:
            dx, dy = SIDES[side]
            anchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
            top = y - height / 2 if dy == 0 else y - gap * 0.8 - height if dy < 0 else y + gap * 0.8
            block, ty = [], top
            for text, bold, size in lines:
                ty += size * 1.0
                block.append(Label(x + dx * gap, ty, text, anchor, size, bold, halo=True))
                ty += size * 0.25
            if placer.free(block):
                placer.take(block)
                return block
    placer.take(block)  # nowhere free: the last spot tried, which the tests report
    return block


def _clip(ring: list, box: tuple[float, float, float, float]) -> list:
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


def _symbol(kind: str, x: float, y: float) -> Path:
    if kind == "hq":
        h = 1.3
        return Path(((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)), fill=1, width=0)
    r = 1.6
    return Path(((x, y - r), (x + r * 0.87, y + r * 0.5), (x - r * 0.87, y + r * 0.5)), fill=1, width=0)


def _graticule(west, south, east, north, xy, width, height) -> list:
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


def _legend(top: float, width: float, scale: float, detail: bool = False) -> list:
    """The key (symbols, lines, a sector label) and a scale bar, under the map;
    under the detail map, the scale bar only."""
    items: list = []
    if detail:
        return _scale_bar(2.0, top, scale)
    x1, x2, row = 2.0, width / 2 + 2.0, 4.6
    items += [Dot(x1 + 1.5, top, 0.9), Label(x1 + 5, top + 1.0, "Town: Albanian / Serbian name", size=2.6)]
    items += [_symbol("hq", x1 + 1.5, top + row),
              Label(x1 + 5, top + row + 1.0, "KFOR headquarters (today)", size=2.6)]
    items += [_symbol("base", x1 + 1.5, top + 2 * row),
              Label(x1 + 5, top + 2 * row + 1.0, "Regional command base (today)", size=2.6)]
    items += [Label(x1, top + 20.5, "MNB North (France)", size=2.6, bold=True),
              Label(x1 + 32, top + 20.5, "1999 brigade sector: headquarters town, lead nation", size=2.6)]
    items += [Line(x2, top, x2 + 8, top, 0.7), Label(x2 + 10, top + 1.0, "Kosovo boundary", size=2.6),
              Line(x2, top + row, x2 + 8, top + row, 0.25),
              Label(x2 + 10, top + row + 1.0, "State border (neighbouring states in grey)", size=2.6)]
    items += [Path(((x2, top + 3.3 * row - 1.5), (x2 + 8, top + 3.3 * row - 1.5), (x2 + 8, top + 3.3 * row + 1.5),
                    (x2, top + 3.3 * row + 1.5)), width=0.3, dashed=True),
              Label(x2 + 10, top + 3.3 * row + 1.0, "Area of the detail map of the north", size=2.6)]
    return items + _scale_bar(x2, top + 2 * row, scale)


def _scale_bar(x2: float, y: float, scale: float) -> list:
    km = scale / KM_PER_DEGREE  # mm per km
    items: list = [Line(x2, y, x2 + 30 * km, y, 0.5)]
    for tick in (0, 10, 20, 30):
        items += [Line(x2 + tick * km, y - 1.0, x2 + tick * km, y, 0.3),
                  Label(x2 + tick * km, y + 3.2, str(tick), "middle", 2.4)]
    items.append(Label(x2 + 30 * km + 3, y + 1.0, "km", size=2.6))
    return items


def _check(condition: bool, message: str, line: int) -> None:
    if not condition:
        raise MapDataError(message, line)


def _line_of(text: str, needle: str) -> int:
    """The line a piece of text is on (1 when it is not found)."""
    match = re.search(re.escape(needle), text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
