"""Vector figures drawn from the book's data files: one geometry, two renderers.

A figure is a list of primitives in millimetres (y grows downwards); the
HTML writer gets inline SVG and the LaTeX writer a TikZ picture, so both
outputs are vector and come from the same numbers.
"""
from __future__ import annotations

from html import escape
from typing import NamedTuple

from sphinx.util.texescape import escape as tex_escape


class Line(NamedTuple):
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.3
    dashed: bool = False


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float
    fill: float = 0.35  #: share of black inside
    dashed: bool = False


class Dot(NamedTuple):
    x: float
    y: float
    r: float = 1.0


class Marker(NamedTuple):
    """A data point's mark: ``shape`` circle, square or triangle; an open
    mark is filled with the background colour."""
    x: float
    y: float
    shape: str = "circle"
    filled: bool = True
    r: float = 1.1


class Label(NamedTuple):
    x: float
    y: float
    text: str
    anchor: str = "start"  # start | middle | end
    size: float = 3.0  # text height in mm (about 8.5 pt)
    bold: bool = False
    shade: float = 1.0  # share of black (1 black, 0.5 mid grey)
    halo: bool = False  # a background-coloured outline, to read over lines


class Path(NamedTuple):
    """A polyline or polygon; ``fill`` is the share of black inside (0: none)."""
    points: tuple[tuple[float, float], ...]
    closed: bool = True
    fill: float = 0.0
    width: float = 0.3  # stroke width in mm; 0 draws no outline
    dashed: bool = False


class Figure(NamedTuple):
    width: float
    height: float
    items: list
    title: str


def year_fraction(date: str) -> float:
    parts = [int(p) for p in date.split("-")]
    year, month, day = (parts + [7, 1])[:3] if len(parts) == 1 else (parts + [15])[:3] if len(parts) == 2 else parts
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline(events: list[tuple[str, str]], title: str, width: float = 150.0) -> Figure:
    """A vertical timeline: a year axis on the left, labels on the right,
    pushed apart where dates crowd and joined to their date by a leader."""
    events = sorted(events, key=lambda e: year_fraction(e[0]))
    first = int(year_fraction(events[0][0]))
    last = int(year_fraction(events[-1][0])) + 1
    step, axis_x, label_x = 5.0, 22.0, 40.0
    top = 6.0
    scale = max(4.0, (len(events) * step * 1.05) / (last - first))
    height = top + (last - first) * scale + 6.0
    items: list = [Line(axis_x, top, axis_x, top + (last - first) * scale, 0.6)]
    for year in range(first, last + 1):
        y = top + (year - first) * scale
        if (year - first) % 2 == 0 or year == last:
            items += [Line(axis_x - 1.5, y, axis_x, y), Label(axis_x - 3, y + 1.0, str(year), "end", 2.8)]
    y_prev = -1e9
    for date, text in events:
        y_true = top + (year_fraction(date) - first) * scale
        y_label = max(y_true, y_prev + step)
        y_prev = y_label
        items += [
            Dot(axis_x, y_true, 0.9),
            Line(axis_x, y_true, label_x - 2, y_label, 0.2),
            Label(label_x, y_label + 1.0, f"{display_date(date)}  {text}", "start", 2.8),
        ]
    height = max(height, y_prev + 6.0)
    return Figure(width, height, items, title)


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def display_date(date: str) -> str:
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def to_svg(fig: Figure) -> str:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fig.width:.1f} {fig.height:.1f}" '
        f'role="img" aria-label="{escape(fig.title, quote=True)}" class="claims-figure" '
        f'font-family="sans-serif" fill="currentColor" stroke="currentColor">',
        f"<title>{escape(fig.title)}</title>",
    ]
    for item in fig.items:
        if isinstance(item, Line):
            dash = ' stroke-dasharray="1,1"' if item.dashed else ""
            out.append(f'<line x1="{item.x1:.2f}" y1="{item.y1:.2f}" x2="{item.x2:.2f}" y2="{item.y2:.2f}" '
                       f'stroke-width="{item.width}"{dash}/>')
        elif isinstance(item, Rect):
            dash = ' stroke-dasharray="1,0.6"' if item.dashed else ""
            out.append(f'<rect x="{item.x:.2f}" y="{item.y:.2f}" width="{item.w:.2f}" height="{item.h:.2f}" '
                       f'fill-opacity="{item.fill:g}" stroke-width="0.3"{dash}/>')
        elif isinstance(item, Dot):
            out.append(f'<circle cx="{item.x:.2f}" cy="{item.y:.2f}" r="{item.r}" stroke="none"/>')
        elif isinstance(item, Marker):
            out.append(_svg_marker(item))
        elif isinstance(item, Label):
            extra = ' font-weight="bold"' if item.bold else ""
            extra += f' fill-opacity="{item.shade:g}"' if item.shade < 1 else ""
            extra += ' class="halo" stroke="white" stroke-width="0.7" style="paint-order: stroke"' if item.halo else ' stroke="none"'
            out.append(f'<text x="{item.x:.2f}" y="{item.y:.2f}" font-size="{item.size}" '
                       f'text-anchor="{item.anchor}"{extra}>{escape(item.text)}</text>')
        elif isinstance(item, Path):
            d = "M" + " L".join(f"{x:.2f},{y:.2f}" for x, y in item.points) + (" Z" if item.closed else "")
            fill = f'fill-opacity="{item.fill:g}"' if item.fill else 'fill="none"'
            stroke = f'stroke-width="{item.width}" stroke-linejoin="round"' if item.width else 'stroke="none"'
            dash = ' stroke-dasharray="1,1"' if item.dashed else ""
            out.append(f'<path d="{d}" {fill} {stroke}{dash}/>')
    out.append("</svg>")
    return "\n".join(out)


def _marker_points(m: Marker) -> list[tuple[float, float]]:
    if m.shape == "square":
        h = m.r * 0.9
        return [(m.x - h, m.y - h), (m.x + h, m.y - h), (m.x + h, m.y + h), (m.x - h, m.y + h)]
    h = m.r * 1.25  # a triangle as heavy as the circle
    return [(m.x, m.y - h), (m.x + h * 0.87, m.y + h * 0.5), (m.x - h * 0.87, m.y + h * 0.5)]


def _svg_marker(m: Marker) -> str:
    paint = 'fill-opacity="1"' if m.filled else 'fill="white" class="claims-open"'
    common = f'{paint} stroke-width="0.3" data-shape="{m.shape}"'
    if m.shape == "circle":
        return f'<circle cx="{m.x:.2f}" cy="{m.y:.2f}" r="{m.r}" {common}/>'
    d = "M" + " L".join(f"{x:.2f},{y:.2f}" for x, y in _marker_points(m)) + " Z"
    return f'<path d="{d}" {common}/>'


def _tikz_marker(m: Marker) -> str:
    style = "fill=black" if m.filled else "fill=white"
    if m.shape == "circle":
        return rf"\filldraw[{style},line width=0.3mm] ({m.x:.2f},{m.y:.2f}) circle[radius={m.r}mm];"
    path = " -- ".join(f"({x:.2f},{y:.2f})" for x, y in _marker_points(m))
    return rf"\filldraw[{style},line width=0.3mm,line join=round] {path} -- cycle;"


ANCHORS = {"start": "base west", "middle": "base", "end": "base east"}


def to_tikz(fig: Figure) -> str:
    out = [r"\begin{tikzpicture}[x=1mm,y=-1mm,font=\sffamily]",
           rf"\useasboundingbox (0,0) rectangle ({fig.width:.1f},{fig.height:.1f});"]
    for item in fig.items:
        if isinstance(item, Line):
            style = f"line width={item.width}mm" + (",dash pattern=on 1mm off 1mm" if item.dashed else "")
            out.append(rf"\draw[{style}] ({item.x1:.2f},{item.y1:.2f}) -- ({item.x2:.2f},{item.y2:.2f});")
        elif isinstance(item, Rect):
            dash = ",dash pattern=on 1mm off 0.6mm" if item.dashed else ""
            out.append(rf"\draw[fill=black!{item.fill * 100:.0f},line width=0.3mm{dash}] ({item.x:.2f},{item.y:.2f}) rectangle "
                       rf"({item.x + item.w:.2f},{item.y + item.h:.2f});")
        elif isinstance(item, Dot):
            out.append(rf"\fill ({item.x:.2f},{item.y:.2f}) circle[radius={item.r}mm];")
        elif isinstance(item, Marker):
            out.append(_tikz_marker(item))
        elif isinstance(item, Label):
            pt = item.size * 2.845
            text = tex_escape(item.text, "unicode")
            if item.bold:
                text = rf"\bfseries {text}"
            style = f"anchor={ANCHORS[item.anchor]},inner sep=0pt"
            style += f",text=black!{item.shade * 100:.0f}" if item.shade < 1 else ""
            style += ",fill=white,inner sep=0.25mm" if item.halo else ""
            out.append(rf"\node[{style},font=\sffamily\fontsize{{{pt:.1f}}}{{{pt * 1.2:.1f}}}\selectfont] "
                       rf"at ({item.x:.2f},{item.y:.2f}) {{{text}}};")
        elif isinstance(item, Path):
            options = [f"draw,line width={item.width}mm,line join=round"] if item.width else []
            options += [f"fill=black!{item.fill * 100:.0f}"] if item.fill else []
            options += ["dash pattern=on 1mm off 1mm"] if item.dashed else []
            path = " -- ".join(f"({x:.2f},{y:.2f})" for x, y in item.points) + (" -- cycle" if item.closed else "")
            out.append(rf"\path[{','.join(options)}] {path};")
    out.append(r"\end{tikzpicture}")
    return "\n".join(out)
