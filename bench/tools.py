"""The tools bench.py times: their labels, the corpus flavor each builds, and their command lines."""

import os

# tool -> (label, corpus flavor)
TOOLS = {
    "hearth": ("hearth", "hearth"),
    "hearth-check": ("hearth check (all but writing)", "hearth"),
    "floor": ("floor: pulldown-cmark, all cores", "hearth"),
    "floor-1": ("floor: pulldown-cmark, 1 thread", "hearth"),
    "hugo": ("Hugo", "hugo"),
    "mdbook": ("mdBook", "mdbook"),
}
PEERS = ("hugo", "mdbook")
BIG_TOOLS = ("hearth", "hearth-check", "floor", "floor-1")  # the tools timed at 50,000 pages


def command(args, tool, site, out):
    if tool == "hearth":
        return [args.hearth, "build", "--root", site, "--output", out]
    if tool == "hearth-check":
        return [args.hearth, "check", "--root", site]
    if tool == "floor":
        return [args.floor, "--content", os.path.join(site, "content"), "--out", out]
    if tool == "floor-1":
        return [args.floor, "--content", os.path.join(site, "content"), "--out", out, "--serial"]
    if tool == "hugo":
        return ["hugo", "--quiet", "-d", out]
    if tool == "mdbook":
        return ["mdbook", "build", "-d", out]
    raise ValueError(tool)
