"""The generated sites the benchmark builds: one per flavour and size, made by the shared corpus
generator and made again only when the generator or the size changed."""

import hashlib
import os
import shutil
import subprocess
import sys

from system import log


def tree_digest(path):
    h = hashlib.sha256()
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(root, name)
            h.update(os.path.relpath(p, path).encode())
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def corpus(args, flavor, pages):
    """The site folder for (flavor, pages), generated unless an identical one is already there."""
    site = os.path.join(args.scratch, "sites", "%s-%d" % (flavor, pages))
    gen_dir = os.path.dirname(args.corpus_tool)
    stamp = "%s %s %d\n" % (tree_digest(gen_dir), flavor, pages)
    stamp_path = os.path.join(site, ".bench-stamp")
    if not (os.path.exists(stamp_path) and open(stamp_path).read() == stamp):
        log("generating %s site, %d pages -> %s" % (flavor, pages, site))
        subprocess.run(
            [sys.executable, args.corpus_tool, "--flavor", flavor, "--pages", str(pages), "--out", site],
            check=True,
        )
        with open(stamp_path, "w") as f:
            f.write(stamp)
    if flavor == "hearth":  # the theme under test, fresh every run
        themes = os.path.join(site, "themes")
        shutil.rmtree(themes, ignore_errors=True)
        shutil.copytree(os.path.join(args.repo, "themes"), themes)
        # The peers paint no social cards: the same work is compared (BENCHMARKS.md measures cards apart).
        config = os.path.join(site, "hearth.toml")
        text = open(config).read()
        if "[cards]" not in text:
            with open(config, "a") as f:
                f.write("\n[cards]\nenabled = false\n")
    return site
