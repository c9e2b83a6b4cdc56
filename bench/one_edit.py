#!/usr/bin/env python3
"""Times `hearth build` after one edited article: the command line's one-edit rebuild.

    bench/one_edit.py SITE [--hearth PATH] [--edits N]

SITE is a hearth site already built once (its build cache beside the output). Each round appends
a sentence to a different article, runs `hearth build` under /usr/bin/time -v and records the
wall time and peak memory (max RSS); then it prints the median and range, the jobs rendered and
the load average before and after, since a shared machine makes single figures noisy. The edits
are left in place (run it on a copy of the benchmark site).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time


def articles(site):
    found = []
    for folder, _, files in os.walk(os.path.join(site, "content")):
        found.extend(os.path.join(folder, f) for f in files if f.endswith(".md") and f != "_index.md")
    return sorted(found)


def timed_build(hearth, site):
    started = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-v", hearth, "build", "--root", site],
                          capture_output=True, text=True, check=True)
    wall = time.monotonic() - started
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return wall, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site")
    ap.add_argument("--hearth", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "hearth"))
    ap.add_argument("--edits", type=int, default=7)
    args = ap.parse_args()
    pages = articles(args.site)
    if not pages:
        sys.exit("no articles under %s/content" % args.site)
    load_before = os.getloadavg()[0]
    walls, peaks = [], []
    for round_ in range(args.edits):
        page = pages[(round_ * 7919) % len(pages)]
        with open(page, "a") as f:
            f.write("\nOne more sentence, added by the one-edit benchmark (round %d).\n" % round_)
        wall, rss = timed_build(args.hearth, args.site)
        walls.append(wall)
        peaks.append(rss)
        print("round %d: %.0f ms, %.0f MiB (%s)" % (round_, wall * 1000, rss / 1024, os.path.relpath(page, args.site)))
    print("one-edit hearth build, %d pages: median %.0f ms (%.0f-%.0f), peak RSS median %.0f MiB; "
          "load average %.1f before, %.1f after"
          % (len(pages), statistics.median(walls) * 1000, min(walls) * 1000, max(walls) * 1000,
             statistics.median(peaks) / 1024, load_before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
