#!/usr/bin/python3
"""Extract face 0 (WenQuanYi Micro Hei) of Debian's wqy-microhei.ttc into a
standalone TrueType file, because the PDF library cannot read collections.

Usage: python3 extract.py [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]
Writes wqy-microhei.ttf next to this script.
"""
import os
import sys

from fontTools.ttLib import TTCollection

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wqy-microhei.ttf")
face = TTCollection(src).fonts[0]
print("face 0:", face["name"].getDebugName(4))
face.save(out)
print("wrote", out, os.path.getsize(out), "bytes")
