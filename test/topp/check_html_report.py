#!/usr/bin/env python3
"""Checks that an -out_html report renders in headless Chromium: the page's script unpacks its data and
builds the summary and the query table, and "#expand=0" opens the first query with a mirror plot (with
matched peaks) and an RDKit structure. Then takes a screenshot and checks that it is not blank and shows
the mirror plot's matched-peak colour.

usage: check_html_report.py CHROMIUM REPORT SCREENSHOT QUERIES
  QUERIES: the queries the report holds (the first page shows up to 50 of them)
"""
import html.parser
import os
import struct
import subprocess
import sys
import tempfile
import zlib

PAGE_SIZE = 50
MATCHED_COLOUR = (0xD9, 0x48, 0x0F)  # --matched in HtmlReportPage.html
# HTML elements without an end tag (Chromium's DOM dump closes every SVG element with one).
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def chromium(binary, profile, *arguments):
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}",
               # Wait (in virtual time) for the script that unpacks the data and renders the page.
               "--virtual-time-budget=20000", *arguments]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=240).stdout


class Elements(html.parser.HTMLParser):
    """The elements of a DOM dump as (tag, attributes, parent classes); script text is data, not elements."""

    def __init__(self):
        super().__init__()
        self.elements = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes, [classes for _, classes in self.stack]))
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, attributes.get("class", "")))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), [classes for _, classes in self.stack]))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def having(self, tag, css_class):
        return [(attributes, parents) for name, attributes, parents in self.elements
                if name == tag and css_class in attributes.get("class", "").split()]


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, as Chromium writes them."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG format (depth {depth}, colour type {colour})"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def main():
    binary, report, screenshot, queries = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    url = "file://" + report + "#expand=0"
    with tempfile.TemporaryDirectory() as profile:
        dom = chromium(binary, profile, "--dump-dom", url)
        elements = Elements()
        elements.feed(dom)
        body = [attributes for name, attributes, _ in elements.elements if name == "body"][0]
        if body.get("data-rendered") != "true":
            status = dom[dom.find('id="status"'):][:300]
            fail(f"the page did not render (status: {status})")
        print(f"rendered {body.get('data-render-ms')} ms after the page began to load")

        rows = elements.having("tr", "query")
        if len(rows) != min(queries, PAGE_SIZE):
            fail(f"{len(rows)} query rows, expected {min(queries, PAGE_SIZE)}")
        if not elements.having("svg", "histogram"):
            fail("no score histogram")
        if len(elements.having("tr", "detail")) != 1 or len(elements.having("svg", "mirror")) != 1:
            fail("#expand=0 did not open one query with one mirror plot")
        matched = [attributes for attributes, _ in elements.having("path", "matched") if attributes.get("d")]
        if not matched:
            fail("the mirror plot marks no matched peaks")
        structures = [1 for name, attributes, parents in elements.elements
                      if name == "svg" and any("structure" in classes.split() for classes in parents)]
        bonds = [1 for name, attributes, parents in elements.elements
                 if name == "path" and attributes.get("class", "").startswith("bond-")]
        if not structures or not bonds:
            fail("no RDKit structure drawing in the opened query")
        for name, attributes, _ in elements.elements:
            for key in ("src", "href", "xlink:href"):
                if attributes.get(key, "").startswith(("http:", "https:", "//")):
                    fail(f"<{name} {key}={attributes[key]}> loads from the network")
        print(f"{len(rows)} query rows, a mirror plot with {len(matched)} matched-peak paths, a structure with {len(bonds)} bond paths")

        os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
        if os.path.exists(screenshot):
            os.remove(screenshot)
        chromium(binary, profile, "--window-size=1280,1400", f"--screenshot={os.path.abspath(screenshot)}", url)

    width, height, channels, pixels = png_pixels(screenshot)
    colours, ink, matched_pixels = set(), 0, 0
    for row in pixels:
        for x in range(0, width * channels, channels):
            pixel = tuple(row[x:x + 3])
            colours.add(pixel)
            ink += pixel != (255, 255, 255)
            matched_pixels += all(abs(a - b) <= 12 for a, b in zip(pixel, MATCHED_COLOUR))
    share = ink / (width * height)
    print(f"screenshot {screenshot}: {width} x {height}, {len(colours)} colours, {share:.1%} not white, "
          f"{matched_pixels} pixels of the matched-peak colour")
    if len(colours) < 50 or share < 0.03:
        fail("the screenshot is (nearly) blank")
    if matched_pixels < 20:
        fail("the screenshot shows no matched peaks")
    print("ok")


if __name__ == "__main__":
    main()
