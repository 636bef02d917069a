"""Compare two decks part by part, leaving out what draws the charts: are they the same deck otherwise?

    python bench/compare_decks.py OLD.pptx NEW.pptx

Every ZIP part must be byte-identical, except: chart pictures (ppt/media/*.png other than the
logos, which are found by content in both decks) and the content type of PNG when no other picture
is left; in each slide's XML the chart itself (the picture <p:pic> named "Status chart"/"Overview
chart" of the old deck, the group <p:grpSp> of the new) and the relationship to its picture. As that
relationship is gone, the later relationships of the slide are numbered one lower: relationship ids
are compared by what they point to. Prints each difference; exits 1 when there is any.
"""

from __future__ import annotations

import re
import sys
import zipfile

CHART = re.compile(rb'<p:(pic|grpSp)>(?:(?!</p:\1>).)*?name="(?:Status|Overview) chart \d+".*?</p:\1>', re.S)
REL = re.compile(rb'<Relationship Id="rId\d+" Type="[^"]+/image" Target="\.\./media/image\d+\.png"/>')


def parts(path: str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


RID = re.compile(rb'<Relationship Id="(rId\d+)"[^>]*?Target="([^"]+)"')
PNG = b'<Default Extension="png" ContentType="image/png"/>'


def normal(name: str, data: bytes, logos: set[bytes], deck: dict[str, bytes]) -> bytes | None:
    """Return DATA with the chart left out, or None for a part that only a chart needs."""
    if name.startswith("ppt/media/") and data not in logos:
        return None
    if name == "[Content_Types].xml":
        return data.replace(PNG, b"")
    slide = re.fullmatch(r"ppt/slides/(slide\d+\.xml)", name)
    if slide:
        targets = dict(RID.findall(deck.get(f"ppt/slides/_rels/{slide[1]}.rels", b"")))
        data = CHART.sub(b"<chart/>", data)
        return re.sub(
            rb'r:(embed|id|link)="(rId\d+)"', lambda m: b"r:" + m[1] + b'="' + targets.get(m[2], m[2]) + b'"', data
        )
    if re.fullmatch(r"ppt/slides/_rels/slide\d+\.xml\.rels", name):
        return b"\n".join(sorted(target for _, target in RID.findall(REL.sub(b"", data))))
    return data


def main(old_path: str, new_path: str) -> int:
    old, new = parts(old_path), parts(new_path)
    logos = {data for name, data in new.items() if name.startswith("ppt/media/")}
    old_n = {k: v for k, v in ((k, normal(k, v, logos, old)) for k, v in old.items()) if v is not None}
    new_n = {k: v for k, v in ((k, normal(k, v, logos, new)) for k, v in new.items()) if v is not None}
    differ = sorted(k for k in old_n.keys() | new_n.keys() if old_n.get(k) != new_n.get(k))
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(old_n)} parts compared, {len(differ)} differ (charts left out)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
