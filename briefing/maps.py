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
from briefing.mapdraw import clip, graticule, legend, symbol
from briefing.placement import Placer, segments

KINDS = ("sector", "hq", "base")
SIDES = {"n": (0, -1), "ne": (1, -1), "e": (1, 0), "se": (1, 1), "s": (0, 1), "sw": (-1, 1), "w": (-1, 0), "nw": (-1, -1)}


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
            ring = clip(ring, (west, south, east, north)) if detail else ring
            if len(ring) >= 3:
                items.append(Path(tuple(xy(lon, lat) for lon, lat in ring), fill=0 if country.get("focus") else 0.13,
                                  width=0.7 if country.get("focus") else 0.25))
    if not detail and base.get("detail"):
        w, s, e, n = base["detail"]
        (x0, y0), (x1, y1) = xy(w, n), xy(e, s)
        items.append(Path(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), width=0.3, dashed=True))
    items += graticule(west, south, east, north, xy, width, height)
    placer = Placer((0.5, 0.5, width - 0.5, height - 0.5),
                    segments(items) + segments([item._replace(dashed=False) for item in items if isinstance(item, Path)
                                                and item.dashed]))
    for country in base["countries"]:
        if country.get("label_at"):
            x, y = xy(*country["label_at"])
            if detail and not (0 < x < width and 0 < y < height):
                continue
            # where the data puts the name, else the nearest spot that crosses no border
            spots = sorted(((dx, dy) for dx in range(-12, 13, 3) for dy in range(-9, 10, 3)),
                           key=lambda d: d[0] ** 2 + d[1] ** 2)
            labels = [Label(x + dx, y + dy, country["name"].upper(), "middle", 3.6, True, 0.55) for dx, dy in spots]
            lab = next((one for one in labels if placer.free([one])), labels[0])
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
        items += [Line(tx, ty, sx, sy, 0.2), symbol(entry["kind"], sx, sy)]
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
        # a long name on two lines: "Camp Bondsteel" over "(RC-East)"
        name, _, rest = entry["label"].partition(" (")
        lines = [(name, False, 2.6)] + ([(f"({rest}", False, 2.6)] if rest else [])
        items += _place(placer, sx, sy, 2.0, lines, next(k for k, v in SIDES.items() if v == (dx, dy)))
    items += legend(height + 4.0, width, scale, detail)
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


def _check(condition: bool, message: str, line: int) -> None:
    if not condition:
        raise MapDataError(message, line)


def _line_of(text: str, needle: str) -> int:
    """The line a piece of text is on (1 when it is not found)."""
    match = re.search(re.escape(needle), text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
