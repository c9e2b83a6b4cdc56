#!/usr/bin/env python3
"""Times hearth against its peers on the same generated site; prints a table and writes it into BENCHMARKS.md.

Called by `bench/run` (which installs the peers and builds hearth and the floor first); it can
also be run on its own once those exist. Every figure is whole-process wall time measured from
outside, with /usr/bin/time -v around each build for CPU time and peak memory (max RSS).

Method, per size (1,000 and 10,000 pages; 50,000 with --big, hearth and the floor only):
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
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BEGIN = "<!-- bench-results:begin (written by bench/run; edits inside are replaced) -->"
END = "<!-- bench-results:end -->"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# tool -> (label, corpus flavor, sizes it runs at by default, is a peer)
TOOLS = {
    "hearth": ("hearth", "hearth"),
    "hearth-check": ("hearth check (all but writing)", "hearth"),
    "floor": ("floor: pulldown-cmark, all cores", "hearth"),
    "floor-1": ("floor: pulldown-cmark, 1 thread", "hearth"),
    "hugo": ("Hugo", "hugo"),
    "mdbook": ("mdBook", "mdbook"),
}
PEERS = ("hugo", "mdbook")
FLOORS = ("floor", "floor-1")
BIG_TOOLS = ("hearth", "hearth-check", "floor", "floor-1")


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def sh(cmd, **kw):
    """Output of a command, or '' when it cannot run."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, **kw).stdout.strip()
    except OSError:
        return ""


# ---------------------------------------------------------------- machine and versions


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 2**20, 1),
        "kernel": platform.release(),
        "os": sh(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
    }


def filesystem(path):
    out = sh(["df", "-T", path]).splitlines()
    return out[1].split()[1] if len(out) > 1 else "unknown"


def versions(args, tools):
    v = {}
    hearth = sh([args.hearth, "--version"])
    rev = sh(["git", "-C", args.repo, "rev-parse", "--short", "HEAD"])
    dirty = sh(["git", "-C", args.repo, "status", "--porcelain", "--untracked-files=no"])
    v["hearth"] = "%s (commit %s%s)" % (hearth or "hearth ?", rev or "?", ", with uncommitted changes" if dirty else "")
    if "hugo" in tools:
        m = re.search(r"v[\d.]+\S*", sh(["hugo", "version"]))
        v["hugo"] = "Hugo " + (m.group(0) if m else "?")
    if "mdbook" in tools:
        v["mdbook"] = sh(["mdbook", "--version"]).replace("mdbook", "mdBook")
    lock = os.path.join(HERE, "floor", "Cargo.lock")
    pc = "?"
    if os.path.exists(lock):
        m = re.search(r'name = "pulldown-cmark"\nversion = "([^"]+)"', open(lock).read())
        pc = m.group(1) if m else "?"
    v["floor"] = "pulldown-cmark %s (bench/floor)" % pc
    v["rustc"] = sh(["rustc", "--version"])
    return v


# ---------------------------------------------------------------- corpora


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
    return site


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


def shown_command(tool):
    return {
        "hearth": "hearth build --root SITE --output OUT",
        "hearth-check": "hearth check --root SITE",
        "floor": "bench/floor/target/release/floor --content SITE/content --out OUT",
        "floor-1": "bench/floor/target/release/floor --content SITE/content --out OUT --serial",
        "hugo": "hugo --quiet -d OUT            (in SITE)",
        "mdbook": "mdbook build -d OUT            (in SITE)",
    }[tool]


# ---------------------------------------------------------------- measuring


def cpu_busy_seconds():
    """Busy CPU time of the whole machine so far (user+nice+system+irq+softirq), and steal."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + irq + softirq) / CLK_TCK, steal / CLK_TCK


def parse_gnu_time(text):
    def grab(label, conv=float):
        m = re.search(r"^\s*%s:\s*(.+)$" % re.escape(label), text, re.M)
        return conv(m.group(1).strip()) if m else None

    return {
        "user": grab("User time (seconds)"),
        "sys": grab("System time (seconds)"),
        "maxrss_kib": grab("Maximum resident set size (kbytes)", int),
        "exit": grab("Exit status", int),
    }


def timed_run(cmd, cwd, logfile):
    subprocess.run(["sync"], check=False)
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        time_out = tf.name
    busy0, steal0 = cpu_busy_seconds()
    with open(logfile, "a") as lf:
        lf.write("\n$ (cd %s && %s)\n" % (cwd, " ".join(cmd)))
        lf.flush()
        t0 = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", time_out] + cmd, cwd=cwd, stdout=lf, stderr=lf)
        wall = time.perf_counter() - t0
    busy1, steal1 = cpu_busy_seconds()
    with open(time_out) as f:
        r = parse_gnu_time(f.read())
    os.unlink(time_out)
    r["wall"] = wall
    r["rc"] = proc.returncode
    cpu = (r["user"] or 0) + (r["sys"] or 0)
    r["other_cpu"] = max(0.0, (busy1 - busy0) - cpu)  # CPU seconds used by everything else meanwhile
    r["steal"] = steal1 - steal0
    return r


class Sampler(threading.Thread):
    """Every 2 s, adds up the CPU time of every process that is not this benchmark, by name."""

    def __init__(self):
        super().__init__(daemon=True)
        self.by_name = {}
        self.last = {}
        with open("/proc/uptime") as f:
            self.since = float(f.read().split()[0])  # processes started after this count from zero
        self.stop = threading.Event()
        self.lock = threading.Lock()

    @staticmethod
    def snapshot():
        procs = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    s = f.read()
            except OSError:
                continue
            close = s.rfind(")")
            comm = s[s.find("(") + 1 : close]
            rest = s[close + 2 :].split()
            started = int(rest[19]) / CLK_TCK
            procs[int(pid)] = (comm, int(rest[1]), (int(rest[11]) + int(rest[12])) / CLK_TCK, started)
        return procs

    def ours(self, procs):
        me = os.getpid()
        mine = set()
        for pid in procs:
            p, seen = pid, 0
            while p and p in procs and seen < 64:
                if p == me:
                    mine.add(pid)
                    break
                p = procs[p][1]
                seen += 1
        return mine

    def sample(self):
        procs = self.snapshot()
        mine = self.ours(procs)
        with self.lock:
            for pid, (comm, _ppid, cpu, started) in procs.items():
                if pid in mine:
                    continue
                prev = self.last.get(pid)
                if prev is not None:
                    d = cpu - prev[1]
                elif prev is None and started >= self.since:
                    d = cpu  # born since the last look
                else:
                    d = 0.0
                if d > 0:
                    self.by_name[comm] = self.by_name.get(comm, 0.0) + d
            self.last = {pid: (c, cpu) for pid, (c, _pp, cpu, _st) in procs.items()}

    def run(self):
        while not self.stop.wait(2.0):
            self.sample()

    def top(self, n=8, floor_s=1.0):
        with self.lock:
            items = sorted(self.by_name.items(), key=lambda kv: -kv[1])
        return [(k, v) for k, v in items if v >= floor_s][:n]


def output_stats(out):
    html = files = size = 0
    for root, _dirs, names in os.walk(out):
        for name in names:
            p = os.path.join(root, name)
            if os.path.islink(p):
                continue
            files += 1
            size += os.path.getsize(p)
            if name.endswith(".html"):
                html += 1
    return {"html": html, "files": files, "bytes": size}


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
    the hidden folders a tool keeps beside it (hearth's `.OUT.staging`), so the next build really
    starts from nothing."""
    parent, name = os.path.split(path)
    doomed = [path] + [os.path.join(parent, n) for n in os.listdir(parent) if n.startswith("." + name + ".")]
    trash = os.path.join(args.scratch, "trash")
    for p in doomed:
        if os.path.lexists(p):
            os.makedirs(trash, exist_ok=True)
            os.rename(p, tempfile.mkdtemp(prefix=os.path.basename(p).lstrip(".") + ".", dir=trash))


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


def run_size(args, pages, tools, results, sampler):
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


def summarize(cell, condition):
    runs = cell[condition]
    if not runs:
        return None
    walls = [r["wall"] for r in runs]
    return {
        "n": len(runs),
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "cpu": statistics.median([r["user"] + r["sys"] for r in runs]),
        # peak memory over every run of the cell, whichever the condition
        "rss_mib": max(r["maxrss_kib"] for r in cell["existing"] + cell["empty"]) / 1024,
        "other_pct": statistics.median([r["other_cpu"] / (r["wall"] * os.cpu_count()) * 100 for r in runs]),
        "redone": cell.get("redone", 0),
    }


# ---------------------------------------------------------------- the table


def fmt_pages(n):
    return "{:,}".format(n)


def fmt_s(x):
    return "%.2f" % x if x < 100 else "%.1f" % x


def table(results, versions_):
    by = {(c["tool"], c["pages"]): c for c in results}
    head = ("| tool | pages | runs | median wall s | min–max s | median CPU s | peak RSS MiB "
            "| HTML files | output MB | from empty: median s (runs) | hearth vs this (medians) | other load |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for c in results:
        tool, pages = c["tool"], c["pages"]
        label = TOOLS[tool][0]
        if tool in ("hugo", "mdbook", "hearth"):
            label = versions_.get(tool, label).split(" (")[0]
        if c["failed"] and not c["existing"]:
            lines.append("| %s | %s | 0 | failed: %s | | | | | | | | |" % (label, fmt_pages(pages), c["failed"]))
            continue
        e = summarize(c, "existing")
        m = summarize(c, "empty")
        h = summarize(by[("hearth", pages)], "existing") if ("hearth", pages) in by else None
        ratio = ""
        if h and e and tool == "hearth-check":
            ratio = "writing is %.0f%% of hearth's build" % (max(0.0, 1 - e["median"] / h["median"]) * 100)
        elif h and e and tool != "hearth":
            if tool in PEERS:
                ratio = "hearth %.1f× faster" % (e["median"] / h["median"])
            else:
                ratio = "hearth takes %.2f× the floor" % (h["median"] / e["median"])
        out = c.get("output")
        html = "{:,}".format(out["html"]) if out else "–"
        mb = "%.1f" % (out["bytes"] / 1e6) if out else "–"
        if e:
            lines.append("| %s | %s | %s | **%s** | %s–%s | %s | %.0f | %s | %s | %s | %s | %.0f%% |" % (
                label, fmt_pages(pages), "%d (+%d redone)" % (e["n"], e["redone"]) if e["redone"] else e["n"], fmt_s(e["median"]), fmt_s(e["min"]), fmt_s(e["max"]),
                fmt_s(e["cpu"]), e["rss_mib"], html, mb,
                "%s (%d)" % (fmt_s(m["median"]), m["n"]) if m else "–", ratio, e["other_pct"]))
        elif m:
            lines.append("| %s | %s | 0 | – | – | %s | %.0f | %s | %s | %s (%d) | | %.0f%% |" % (
                label, fmt_pages(pages), fmt_s(m["cpu"]), m["rss_mib"], html, mb,
                fmt_s(m["median"]), m["n"], m["other_pct"]))
    return "\n".join(lines)


def targets(results, serve_exists):
    by = {(c["tool"], c["pages"]): c for c in results}

    def s(tool, pages, cond="existing"):
        c = by.get((tool, pages))
        return summarize(c, cond) if c else None

    out = []
    h10, hugo10, f10 = s("hearth", 10000), s("hugo", 10000), s("floor", 10000)
    if h10 and hugo10:
        speed = hugo10["median"] / h10["median"]
        out.append("- **10,000 pages, at least 5× faster than Hugo** (both over an existing output folder): "
                   "%s — Hugo %s s, hearth %s s: %.1f×." % (
                       "met" if speed >= 5 else "not met", fmt_s(hugo10["median"]), fmt_s(h10["median"]), speed))
        mem = h10["rss_mib"] / hugo10["rss_mib"]
        out.append("- **10,000 pages, less than a quarter of Hugo's peak memory**: %s — hearth %.0f MiB, "
                   "Hugo %.0f MiB: %.2f of it." % ("met" if mem < 0.25 else "not met",
                                                    h10["rss_mib"], hugo10["rss_mib"], mem))
    else:
        out.append("- **10,000 pages vs Hugo**: not measured in this run.")
    if h10 and f10:
        r = h10["median"] / f10["median"]
        out.append("- **Within 1.5× of the floor** (pulldown-cmark alone on all cores, 10,000 pages): %s — "
                   "floor %s s, hearth %s s: %.2f×." % ("met" if r <= 1.5 else "not met",
                                                       fmt_s(f10["median"]), fmt_s(h10["median"]), r))
    else:
        out.append("- **Within 1.5× of the floor**: not measured in this run.")
    h50, h1 = s("hearth", 50000), s("hearth", 1000)
    if h50:
        out.append("- **50,000 pages under 2 GiB peak memory**: %s — %.0f MiB." % (
            "met" if h50["rss_mib"] < 2048 else "not met", h50["rss_mib"]))
        if h1:
            per1, per50 = h1["median"] / 1000 * 1000, h50["median"] / 50000 * 1000
            grow = per50 / per1 - 1
            out.append("- **Time per page at 50,000 within 20%% of at 1,000**: %s — %.3f ms/page at 1,000, "
                       "%.3f ms/page at 50,000 (%+.0f%%)." % ("met" if grow <= 0.20 else "not met", per1, per50, grow * 100))
    else:
        out.append("- **50,000 pages** (memory under 2 GiB, time per page within 20% of 1,000): "
                   "not measured in this run (`bench/run --big`).")
    if h1 and (h10 or h50):
        rows = [(n, x) for n, x in ((1000, h1), (10000, h10), (50000, h50)) if x]
        out.append("  (hearth per page, over an existing output — wall: %s; CPU: %s. The 1,000-page "
                   "figure carries the fixed start-up cost, which flatters the larger sizes.)" % (
                       ", ".join("%.3f ms at %s" % (x["median"] / n * 1000, fmt_pages(n)) for n, x in rows),
                       ", ".join("%.3f ms at %s" % (x["cpu"] / n * 1000, fmt_pages(n)) for n, x in rows)))
    out.append("- **`hearth serve` on 10,000 pages** (first page < 3 s, article edit → reload < 50 ms, "
               "template edit < 2 s): not measured by `bench/run`%s." % (
                   "" if serve_exists else "; this build of hearth has no `serve` command yet"))
    return "\n".join(out)


def report(args, results, mach, vers, sampler, started, finished, serve_exists):
    tools_used = sorted({c["tool"] for c in results}, key=list(TOOLS).index)
    others = sampler.top()
    fs = filesystem(args.scratch)
    lines = [
        BEGIN,
        "",
        "Run of %s–%s UTC: `bench/run %s`" % (started.strftime("%Y-%m-%d %H:%M"), finished.strftime("%H:%M"),
                                              " ".join(args.argv)),
        "",
        "- Machine: %s; %d cores (%s), %.1f GiB memory; Linux %s; scratch folder on %s." % (
            mach["os"] or "Linux", mach["nproc"], mach["cpu"], mach["memory_gib"], mach["kernel"], fs),
        "- Versions: " + "; ".join(vers[t] for t in ["hearth", "hugo", "mdbook", "floor"] if t in vers)
        + "; " + vers.get("rustc", ""),
        "- Each cell: 1 build into an empty folder (warm-up), then up to %d builds over the existing output, "
        "then up to %d more from empty, tools alternating within each round; a cell stops early once its "
        "builds add up to %d s." % (args.runs, args.empty_runs, args.budget),
        "- Other load: the median share of the machine's CPU (all %d cores) used by processes other than the "
        "build being timed, during its kept runs. Before each build the run waited (up to %g s) for other "
        "processes to use at most %g%% of the CPU; a build during which they used more was built again "
        "(up to %d times; builds over 60 s are never redone): `redone` counts those." % (
            mach["nproc"], args.quiet_wait, args.max_other, args.retries),
        "",
        table(results, vers),
        "",
    ]
    if others:
        lines.append("Other processes that used CPU during this run (CPU seconds, whole run of %.0f s): %s." % (
            (finished - started).total_seconds(), ", ".join("%s %.0f" % kv for kv in others)))
        lines.append("")
    lines += ["### Targets (issue 6), from this run", "", targets(results, serve_exists), "", END]
    return "\n".join(lines)


def write_markdown(path, block):
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        before = text[: text.index(BEGIN)]
        after = text[text.index(END) + len(END):]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.dirname(HERE))
    ap.add_argument("--scratch", default=os.environ.get("HEARTH_BENCH_DIR", "/tmp/hearth-bench"))
    ap.add_argument("--runs", type=int, default=5, help="builds over the existing output per cell (default 5)")
    ap.add_argument("--empty-runs", type=int, default=2,
                    help="extra builds from an empty folder per cell, after the warm-up (default 2)")
    ap.add_argument("--big", action="store_true", help="also 50,000 pages (hearth and the floor only)")
    ap.add_argument("--sizes", default="1000,10000", help="page counts (default 1000,10000)")
    ap.add_argument("--tools", default="hearth,hearth-check,floor,floor-1,hugo,mdbook")
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
        if t in tools and not shutil.which(t):
            log("bench: %s is not installed; left out of this run" % t)
            tools.remove(t)
    sizes = [int(s.replace(",", "").replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.big and 50000 not in sizes:
        sizes.append(50000)

    for sub in ("sites", "out", "logs", "bin"):
        os.makedirs(os.path.join(args.scratch, sub), exist_ok=True)
    empty_trash(args)
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
        run_size(args, pages, size_tools, results, sampler)
    finished = dt.datetime.now(dt.timezone.utc)
    sampler.stop.set()
    sampler.sample()
    empty_trash(args)

    raw = os.path.join(args.scratch, "results-%s.json" % started.strftime("%Y%m%dT%H%M%S"))
    with open(raw, "w") as f:
        json.dump({"machine": mach, "versions": vers, "results": results, "args": args.argv,
                   "other_processes": sampler.top(20, 0.1)}, f, indent=1)
    block = report(args, results, mach, vers, sampler, started, finished, serve_exists)
    print(block.replace(BEGIN + "\n", "").replace(END, "").strip())
    log("raw results: %s" % raw)
    if not args.no_write:
        path = os.path.join(args.repo, "BENCHMARKS.md")
        write_markdown(path, block)
        log("table written into %s" % path)


if __name__ == "__main__":
    main()
