"""Open the built docs in headless Chromium, screenshot four pages, and fail on broken images.

    python docs/screenshots.py BUILT_HTML_DIR OUT_DIR

For the index, a system page, the lineage page and the timeline page, this asks Chromium itself
whether every image on the page loaded and has a size (a page copy with a small script, read
back through ``--dump-dom``), then takes a screenshot and checks that it is not blank. At window
widths of 1280 and 1920 pixels it also checks that every wide picture (``figure.sd-wide``) reaches
from inside the window to within 64 pixels of its right edge, past the content column, so no
picture is cut to the column or pushed off the window's left edge. Exit
status 0 when all is well, 1 when an image is broken, a picture is cut or a page is missing, 2
when Chromium cannot be found.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

#: The pages to check, relative to the built HTML; ``{latest}`` is the newest dataset version.
PAGES: Final = (
    "index.html",
    "data/{latest}/systems/{system}.html",
    "lineage.html",
    "timeline.html",
)
#: The window widths at which wide pictures must span the window.
WIDTHS: Final = (1280, 1920)
#: The system whose page is checked: one with a lineage through an intermediary.
SYSTEM: Final = "chonma-ho"
_PROBE: Final = """
<script>
window.addEventListener("load", function () {
  var found = Array.prototype.map.call(document.images, function (image) {
    var wide = image.closest("figure.sd-wide");
    return {src: image.getAttribute("src"), ok: image.complete && image.naturalWidth > 0,
            width: image.naturalWidth, height: image.naturalHeight,
            wide: wide !== null, left: wide ? wide.getBoundingClientRect().left : 0,
            right: wide ? wide.getBoundingClientRect().right : 0, window: window.innerWidth};
  });
  document.documentElement.setAttribute("data-image-check", JSON.stringify(found));
});
</script>
"""
_CHECK: Final = re.compile(r'data-image-check="([^"]*)"')


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(browser: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                *arguments,
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )


def images_of(browser: str, page: Path, width: int = 1280) -> list[dict[str, object]]:
    """What Chromium says of every image on ``page`` once it has loaded, in a window this wide."""
    probe = page.with_name(f".image-check-{page.name}")
    text = page.read_text(encoding="utf-8")
    probe.write_text(text.replace("</body>", _PROBE + "</body>", 1), encoding="utf-8")
    try:
        done = _run(
            browser,
            "--virtual-time-budget=10000",
            f"--window-size={width},1200",
            "--dump-dom",
            probe.as_uri(),
        )
    finally:
        probe.unlink()
    match = _CHECK.search(done.stdout)
    if match is None:
        raise RuntimeError(f"Chromium did not run the image check on {page}: {done.stderr[-500:]}")
    found: list[dict[str, object]] = json.loads(html.unescape(match.group(1)))
    return found


def screenshot(browser: str, page: Path, out: Path) -> None:
    done = _run(browser, f"--screenshot={out}", "--window-size=1280,2000", page.as_uri())
    if not out.is_file():
        raise RuntimeError(f"Chromium made no screenshot of {page}: {done.stderr[-500:]}")


def blank(shot: Path) -> bool | None:
    """Whether a screenshot is one flat colour; None when Pillow is not there to tell."""
    try:
        from PIL import Image
    except ImportError:
        return None
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=16)
    return colours is not None and len(colours) <= 2


def latest_version(root: Path) -> str:
    found = [p.name for p in (root / "data").iterdir() if p.is_dir() and (p / "systems").is_dir()]
    if not found:
        raise RuntimeError(f"no data/<version>/systems/ in {root}: is it a built site?")
    return max(found, key=lambda v: tuple(int(n) for n in v.split(".")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("html", type=Path, help="the folder sphinx-build -b html wrote")
    parser.add_argument("out", type=Path, help="where to write the screenshots")
    parser.add_argument("--system", default=SYSTEM, help=f"system page to check ({SYSTEM})")
    args = parser.parse_args(argv)
    browser = chromium()
    if browser is None:
        print("screenshots: no Chromium found (Debian: apt-get install chromium)")
        return 2
    root = args.html.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    latest = latest_version(root)
    failures = 0
    for relative in PAGES:
        page = root / relative.format(latest=latest, system=args.system)
        if not page.is_file():
            print(f"FAIL {page}: no such page")
            failures += 1
            continue
        images = images_of(browser, page)
        broken = [i for i in images if not i["ok"]]
        cut = [
            (width, image)
            for width in WIDTHS
            for image in images_of(browser, page, width)
            if image["wide"]
            and (float(str(image["left"])) < 0 or float(str(image["right"])) < width - 64)
        ]
        shot = args.out / (page.relative_to(root).as_posix().replace("/", "_") + ".png")
        screenshot(browser, page, shot)
        is_blank = blank(shot)
        status = "ok" if images and not broken and not cut and not is_blank else "FAIL"
        failures += status == "FAIL"
        sizes = ", ".join(f"{i['src']} {i['width']}x{i['height']}" for i in images)
        print(f"{status:<4} {page.relative_to(root)}: {len(images)} images ({sizes}); {shot}")
        for image in broken:
            print(f"     broken image: {image['src']}")
        for width, image in cut:
            print(
                f"     {image['src']} at a {width} px window: from {image['left']} to "
                f"{image['right']} px, not the column's left edge to the window's right edge"
            )
        if not images:
            print("     no image on the page")
        if is_blank:
            print("     the screenshot is blank")
    print(f"screenshots: {len(PAGES) - failures} of {len(PAGES)} pages render with all images")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
