"""Line-end hyphenations in `pdftotext -layout` output that break print rules:
fewer than 2 letters before the break or 3 after it. Exit 1 if any. A break
made by hyphenation is a soft hyphen (U+00AD, drawn as a hyphen, so that text
extraction and screen readers get the whole word); a compound's own hyphen
counts too."""
import re
import sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
breaks, bad = 0, []
for line, following in zip(lines, lines[1:]):
    end = re.search(r"([^\W\d_]*)[-\u00ad]$", line.rstrip())
    start = re.match(r"\s*([^\W\d_]+)", following)
    if not end or not start or not end.group(1):
        continue
    breaks += 1
    if len(end.group(1)) < 2 or len(start.group(1)) < 3:
        bad.append(f"{end.group(1)}-/{start.group(1)}")
print(f"hyphens: {breaks} line-end breaks, {len(bad)} below 2/3 letters")
if bad:
    print("  " + ", ".join(bad))
    sys.exit(1)
