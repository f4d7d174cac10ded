"""``make linkcheck`` (part one): is every ``url`` in the .bib files reachable?

One line per source key, ``references.bib:LINE: KEY: STATUS URL``; exit
status 1 when any is broken. Needs a network, so it is not part of
``make test``. Sphinx's own ``linkcheck`` builder checks the chapters' links.

    python -m briefing.linkcheck references.bib [--timeout 15]
"""
from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from briefing.bibcheck import entry_lines, parse_problems

AGENT = "Mozilla/5.0 (compatible; kosovo-briefing linkcheck)"


def probe(url: str, timeout: float) -> str:
    """'ok', 'redirected to …', or why the url cannot be reached."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                final = response.geturl()
                return "ok" if final.rstrip("/") == url.rstrip("/") else f"ok (redirected to {final})"
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers refuse HEAD; try GET
            return f"broken (HTTP {exc.code})"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return f"broken ({getattr(exc, 'reason', exc)})"
    return "broken"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.linkcheck")
    parser.add_argument("bibfiles", nargs="+", type=Path)
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args(argv)
    broken = 0
    for path in args.bibfiles:
        data, problems = parse_problems(path)
        if data is None:
            for problem in problems:
                print(problem, file=sys.stderr)
            return 2
        lines = entry_lines(path.read_text(encoding="utf-8"))
        urls = [(key, entry.fields["url"]) for key, entry in data.entries.items() if entry.fields.get("url")]
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = pool.map(lambda item: probe(item[1], args.timeout), urls)
            for (key, url), result in zip(urls, results):
                broken += result.startswith("broken")
                print(f"{path}:{lines.get(key, [0])[0]}: {key}: {result} {url}")
    print(f"linkcheck: {broken} broken of the .bib urls", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
