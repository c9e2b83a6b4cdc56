#!/usr/bin/env python3
"""Times `hearth serve` from saving a file to the reload event that names the changed page.

    python3 serve_bench.py HEARTH_BINARY SITE_DIR [--edits 20] [--template-edits 5]

Starts `hearth serve --port 0` on SITE_DIR, listens on its reload channel (server-sent
events), then edits files one at a time and waits, after each, for the `change` event that
names the page: article edits that add a sentence (the word count changes, and listings and tag
pages follow when the reading time does), typo fixes (one word replaced by another), title
changes (the site is placed again: listings, tag pages and neighbours follow), edits of the
article template (every article page changes) and of the stylesheet. Prints each median.
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
    raise SystemExit("hearth serve stopped before serving")


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
        at, name, data = events.get(timeout=max(0.1, deadline - time.perf_counter()))
        if name == "change" and url in data["paths"]:
            return at
        if name == "problems":
            raise SystemExit(f"the edit broke the build: {data['problems'][:3]}")


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("site")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--template-edits", type=int, default=5)
    args = parser.parse_args()

    content = os.path.join(args.site, "content")
    articles = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(content)
        for name in names
        if name.endswith(".md") and name != "_index.md"
    )
    chooser = random.Random(7)
    picked = chooser.sample(articles, args.edits * 2 + args.template_edits)

    def url_of(path):
        relative = os.path.relpath(path, content)[: -len(".md")]
        return "/" + relative + "/"

    server, address = start(args.binary, args.site)
    try:
        events = queue.Queue()
        threading.Thread(target=listen, args=(address, events), daemon=True).start()
        while events.get(timeout=30)[1] != "hello":
            pass
        results = {}
        results["article edit (a sentence added)"] = [
            timed_edit(events, path, url_of(path), lambda t, n=n: t + f"\nOne more thought, number {n}.\n")
            for n, path in enumerate(picked[: args.edits])
        ]
        results["article edit (a typo fixed)"] = [
            timed_edit(events, path, url_of(path), lambda t: t[::-1].replace(" eht ", " eno ", 1)[::-1])
            for path in picked[args.edits : args.edits * 2]
        ]
        results["article edit (its title changed)"] = [
            timed_edit(events, path, url_of(path), lambda t: t.replace('title = "', 'title = "Revised: ', 1))
            for path in picked[args.edits * 2 :]
        ]
        template = os.path.join(args.site, "themes/hearth/templates/article.html")
        some_article = url_of(articles[0])
        results["template edit (article.html)"] = [
            timed_edit(events, template, some_article, lambda t, n=n: t.replace("</h1>", f"</h1><!-- {n} -->", 1) if n == 0 else t.replace(f"<!-- {n - 1} -->", f"<!-- {n} -->", 1))
            for n in range(args.template_edits)
        ]
        style = os.path.join(args.site, "themes/hearth/static/style.css")
        results["stylesheet edit (style.css)"] = [
            timed_edit(events, style, "/style.css", lambda t, n=n: t + f"\n.bench-{n} {{ color: inherit; }}\n")
            for n in range(args.template_edits)
        ]
        for what, times in results.items():
            print(f"{what}: median {statistics.median(times):.1f} ms over {len(times)} "
                  f"(min {min(times):.1f}, max {max(times):.1f})")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
