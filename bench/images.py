#!/usr/bin/env python3
"""Times what images and search cost a build: the generated site (../shared/bench/gen_corpus.py)
with a photo beside every Kth page, built by hyperfine in these configurations:

  plain          [images] process = false, [search] enabled = true   (images copied as written)
  no-search      [images] process = false, [search] enabled = false
  images-first   images processed, empty image cache                 (every photo decoded, resized)
  images-cached  images processed, image cache kept from the last run (nothing decoded)

Every run is a whole `hearth build` from nothing but the sources (the output folder, the build
cache and the staging folder are removed before each run, untimed), so the build cache never
hides the work; only `images-cached` keeps `.output.images/`. Social cards are kept in
`.output.cards/` from a warm-up run, so every configuration paints the same (none). Each photo is the same real JPEG
(tests/fixtures/images_site/content/articles/field/sunset.jpg, 1440x642) with the page's number
appended after its end marker: decoders ignore those bytes, so every photo is decoded and
resized as a distinct file (its content hash differs) at the same cost.

    python3 bench/images.py --pages 1000 --every 10 --runs 5 --hearth target/release/hearth
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = next(
    (
        path
        for path in (
            os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"),
            os.path.join(REPO, "..", "..", "shared", "bench", "gen_corpus.py"),
        )
        if os.path.exists(path)
    ),
    os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"),
)
PHOTO = os.path.join(REPO, "tests/fixtures/images_site/content/articles/field/sunset.jpg")

CONFIGS = {
    "plain": (False, True),
    "no-search": (False, False),
    "images-first": (True, True),
    "images-cached": (True, True),
}


def make_site(pages, every, out, gen):
    subprocess.run(
        [sys.executable, gen, "--pages", str(pages), "--out", out, "--flavor", "hearth"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(out, "themes"), dirs_exist_ok=True)
    photo = open(PHOTO, "rb").read()
    articles = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(os.path.join(out, "content"))
        for name in names
        if name.endswith(".md") and name != "_index.md"
    )
    placed = 0
    for index, path in enumerate(articles):
        if index % every:
            continue
        stem = os.path.basename(path)[: -len(".md")]
        with open(os.path.join(os.path.dirname(path), f"{stem}-photo.jpg"), "wb") as f:
            f.write(photo + f"\n{index}\n".encode())
        with open(path, "a") as f:
            f.write(f"\n\n![A field at sunset, photo {index}]({stem}-photo.jpg)\n")
        placed += 1
    return placed


def configure(site, images, search):
    path = os.path.join(site, "hearth.toml")
    text = open(path).read().split("\n# bench switches\n")[0]
    text += f"\n# bench switches\n[images]\nprocess = {str(images).lower()}\n\n[search]\nenabled = {str(search).lower()}\n"
    open(path, "w").write(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--every", type=int, default=10, help="a photo beside every Nth page")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hearth", default=os.path.join(REPO, "target/release/hearth"))
    parser.add_argument("--gen", default=GEN)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    hearth = os.path.abspath(args.hearth)
    work = tempfile.mkdtemp(prefix="hearth-images-bench-")
    site = os.path.join(work, "site")
    placed = make_site(args.pages, args.every, site, args.gen)
    print(f"{args.pages} pages, {placed} photos, in {site}", file=sys.stderr)
    clean = "rm -rf output .output.cache .output.staging .output.hashes .output.listings"
    results = {}
    for name, (images, search) in CONFIGS.items():
        configure(site, images, search)
        prepare = clean + (" .output.images" if name == "images-first" else "")
        if name == "images-cached":
            subprocess.run([hearth, "build", "--root", site], check=True, capture_output=True)
        exported = os.path.join(work, f"{name}.json")
        subprocess.run(
            [
                "hyperfine", "--runs", str(args.runs), "--warmup", "1", "--prepare", f"cd {site} && {prepare} && sync",
                "--export-json", exported, "--style", "basic",
                f"{hearth} build --root {site}",
            ],
            check=True,
        )
        run = json.load(open(exported))["results"][0]
        results[name] = {
            "median": run["median"],
            "min": run["min"],
            "max": run["max"],
            "user": run["user"],
            "system": run["system"],
            "runs": len(run["times"]),
        }
    load = open("/proc/loadavg").read().split()[:3]
    summary = {"pages": args.pages, "photos": placed, "load": load, "results": results}
    print(json.dumps(summary, indent=2))
    if args.json:
        json.dump(summary, open(args.json, "w"), indent=2)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
