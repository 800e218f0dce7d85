#!/usr/bin/env python3
"""The Grafana dashboard's layout as an SVG, drawn from its JSON: each panel's place and size
(gridPos, 24 columns), title, type and first query. Not a screenshot: no Grafana renders here.

    python3 tools/draw_dashboard.py k8s/base/grafana/cnnstream-dashboard.json docs/images/dashboard.svg
"""
import json
import sys
from xml.sax.saxutils import escape

COLUMN, ROW = 40, 22


def main(dashboard, out):
    d = json.load(open(dashboard))
    panels = d["panels"]
    width = 24 * COLUMN + 20
    height = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels) * ROW + 50
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d">'
             % (width, height, width, height),
             '<rect width="100%" height="100%" fill="#111217"/>',
             '<text x="10" y="26" fill="#d8d9da" font-family="sans-serif" font-size="16" font-weight="bold">'
             'Grafana dashboard "%s": layout from its JSON (%d panels)</text>' % (escape(d.get("title", "")), len(panels))]
    for p in panels:
        g = p["gridPos"]
        x, y, w, h = 10 + g["x"] * COLUMN, 40 + g["y"] * ROW, g["w"] * COLUMN - 6, g["h"] * ROW - 6
        query = (p.get("targets") or [{}])[0].get("expr", "")
        parts.append('<rect x="%d" y="%d" width="%d" height="%d" rx="3" fill="#181b1f" stroke="#2c3235"/>' % (x, y, w, h))
        parts.append('<text x="%d" y="%d" fill="#d8d9da" font-family="sans-serif" font-size="13" font-weight="bold">%s</text>'
                     % (x + 8, y + 20, escape(p.get("title", ""))))
        parts.append('<text x="%d" y="%d" fill="#8e8e8e" font-family="monospace" font-size="10">%s: %s</text>'
                     % (x + 8, y + 38, escape(p.get("type", "")), escape(query[:56] + ("..." if len(query) > 56 else ""))))
    parts.append("</svg>")
    open(out, "w").write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
