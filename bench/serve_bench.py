#!/usr/bin/env python3
"""Times `hearth serve` from saving a file to the reload event that names the changed page.

    python3 serve_bench.py HEARTH_BINARY SITE_DIR [--starts 5] [--edits 20] [--template-edits 5]

First times, over a few starts, how long `hearth serve` takes from being started to the
first page served (the home page, read in full over HTTP). Then starts `hearth serve --port 0`
on SITE_DIR, listens on its reload channel (server-sent
events), then edits files one at a time and waits, after each, for the `change` event that
names the page: article edits that add a sentence (the word count changes, and listings and tag
pages follow when the reading time does), typo fixes (one word replaced by another), title
changes (the site is placed again: listings, tag pages and neighbours follow), edits of the
article template (every article page changes) and of the stylesheet. Prints the median, min and
max of each.

`measure()` does the same and returns the figures; `bench/run` calls it on a copy of its
10,000-page site.
"""

import argparse
import http.client
import json
import os
import queue
import random
import re
import statistics
import subprocess
import sys
import threading
import time

FIRST_PAGE = "start to first page served"
SENTENCE_ADDED = "article edit (a sentence added)"
TYPO_FIXED = "article edit (a typo fixed)"
TITLE_CHANGED = "article edit (its title changed)"
TEMPLATE_EDIT = "template edit (article.html)"
STYLESHEET_EDIT = "stylesheet edit (style.css)"


class ServeError(Exception):
    """`hearth serve` did not start, or an edit broke the build or brought no reload event."""


def start(binary, site):
    server = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
    )
    for line in server.stdout:
        print("  serve:", line.rstrip(), file=sys.stderr)
        match = re.match(r"Serving the site at http://([^/]+)/", line)
        if match:
            threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
            return server, match.group(1)
    raise ServeError("hearth serve stopped before serving")


def first_page(binary, site):
    """Milliseconds from starting `hearth serve` to the home page read in full."""
    started = time.perf_counter()
    server, address = start(binary, site)
    try:
        host, port = address.rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port))
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise ServeError(f"the home page answered {response.status}")
        return (time.perf_counter() - started) * 1000
    finally:
        server.terminate()
        server.wait()


def listen(address, events):
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port))
    connection.request("GET", "/__hearth/events", headers={"Accept": "text/event-stream"})
    response = connection.getresponse()
    name, data = None, ""
    while True:
        line = response.readline().decode()
        if not line:
            return
        line = line.rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data += line[6:]
        elif line == "" and name:
            events.put((time.perf_counter(), name, json.loads(data)))
            name, data = None, ""


def wait_for(events, url, timeout=120):
    deadline = time.perf_counter() + timeout
    while True:
        try:
            at, name, data = events.get(timeout=max(0.1, deadline - time.perf_counter()))
        except queue.Empty:
            raise ServeError(f"no reload event for {url} within {timeout} s") from None
        if name == "change" and url in data["paths"]:
            return at
        if name == "problems":
            raise ServeError(f"the edit broke the build: {data['problems'][:3]}")


def timed_edit(events, path, url, edit):
    with open(path, encoding="utf-8") as file:
        text = file.read()
    new_text = edit(text)
    saved = time.perf_counter()
    with open(path, "w", encoding="utf-8") as file:
        file.write(new_text)
    arrived = wait_for(events, url)
    time.sleep(0.3)
    return (arrived - saved) * 1000


def summary(times):
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "n": len(times)}


def describe(what, figures):
    """One line for a measurement, as the command line prints it."""
    digits = 0 if what == FIRST_PAGE else 1
    return (f"{what}: median {figures['median']:.{digits}f} ms over {figures['n']} "
            f"(min {figures['min']:.{digits}f}, max {figures['max']:.{digits}f})")


def measure(binary, site, edits=20, template_edits=5, starts=5, on_result=None):
    """Median, min, max (milliseconds) and count of each measurement, by name, in the order taken.

    Edits files of SITE (give it a copy). Calls on_result(name, figures) as each one is done."""
    results = {}

    def keep(what, times):
        results[what] = summary(times)
        if on_result:
            on_result(what, results[what])

    keep(FIRST_PAGE, [first_page(binary, site) for _ in range(starts)])

    content = os.path.join(site, "content")
    articles = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(content)
        for name in names
        if name.endswith(".md") and name != "_index.md"
    )
    chooser = random.Random(7)
    picked = chooser.sample(articles, edits * 2 + template_edits)

    def url_of(path):
        relative = os.path.relpath(path, content)[: -len(".md")]
        return "/" + relative + "/"

    server, address = start(binary, site)
    try:
        events = queue.Queue()
        threading.Thread(target=listen, args=(address, events), daemon=True).start()
        while events.get(timeout=30)[1] != "hello":
            pass
        keep(SENTENCE_ADDED, [
            timed_edit(events, path, url_of(path), lambda t, n=n: t + f"\nOne more thought, number {n}.\n")
            for n, path in enumerate(picked[:edits])
        ])
        keep(TYPO_FIXED, [
            timed_edit(events, path, url_of(path), lambda t: t[::-1].replace(" eht ", " eno ", 1)[::-1])
            for path in picked[edits : edits * 2]
        ])
        keep(TITLE_CHANGED, [
            timed_edit(events, path, url_of(path), lambda t: t.replace('title = "', 'title = "Revised: ', 1))
            for path in picked[edits * 2 :]
        ])
        template = os.path.join(site, "themes/hearth/templates/article.html")
        some_article = url_of(articles[0])
        keep(TEMPLATE_EDIT, [
            timed_edit(events, template, some_article, lambda t, n=n: t.replace("</h1>", f"</h1><!-- {n} -->", 1) if n == 0 else t.replace(f"<!-- {n - 1} -->", f"<!-- {n} -->", 1))
            for n in range(template_edits)
        ])
        style = os.path.join(site, "themes/hearth/static/style.css")
        keep(STYLESHEET_EDIT, [
            timed_edit(events, style, "/style.css", lambda t, n=n: t + f"\n.bench-{n} {{ color: inherit; }}\n")
            for n in range(template_edits)
        ])
    finally:
        server.terminate()
        server.wait()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("site")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--template-edits", type=int, default=5)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    try:
        measure(args.binary, args.site, args.edits, args.template_edits, args.starts,
                on_result=lambda what, figures: print(describe(what, figures), flush=True))
    except ServeError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
