#!/usr/bin/env python3
"""The search index of a built site: its size, and the bytes a first query downloads, found
the way themes/hearth/static/search.js finds them. Usage: bench/search_bytes.py OUTPUT WORDS...
"""
import collections, json, os, re, sys
out = sys.argv[1]
s = os.path.join(out, 'search')
total = 0; files = 0; biggest = 0
for dp, _, fs in os.walk(s):
    for f in fs:
        n = os.path.getsize(os.path.join(dp, f)); total += n; files += 1; biggest = max(biggest, n)
man = json.load(open(os.path.join(s, 'index.json')))
js = os.path.getsize(os.path.join(out, 'search.js'))
def size(p): return os.path.getsize(os.path.join(s, p))
def query(q):
    words = [w for w in re.split(r"[^a-z0-9]+", q.lower()) if 2 <= len(w) <= 32]
    got = {'search.js': js, 'index.json': size('index.json')}
    per = []
    for i, w in enumerate(words):
        pre = max((p for p in man['shards'] if w.startswith(p)), key=len, default=None)
        if pre is None: per.append({}); continue
        got['w/%s.json' % pre] = size('w/%s.json' % pre)
        shard = json.load(open(os.path.join(s, 'w/%s.json' % pre)))
        sc = {}
        def add(p, wt):
            for j in range(0, len(p), 2): sc[p[j]] = max(sc.get(p[j], 0), p[j+1]*wt)
        if w in shard: add(shard[w], 1)
        if i == len(words)-1:
            for o in [k for k in shard if k != w and k.startswith(w)][:30]: add(shard[o], .5)
        per.append(sc)
    tot = per[0]
    for sc in per[1:]: tot = {p: v + sc[p] for p, v in tot.items() if p in sc}
    if not tot and len(per) > 1:
        tot = collections.Counter()
        for sc in per:
            for k, v in sc.items(): tot[k] += v
    top = sorted(tot.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    for p, _ in top:
        f = 'p/%d.json' % (p // man['fragment']); got[f] = size(f)
    return len(tot), sum(got.values()), len(got)
print(f"index: {files} files, {total/1024:.0f} KB, biggest file {biggest/1024:.1f} KB, manifest {size('index.json')/1024:.1f} KB, search.js {js/1024:.1f} KB")
for q in sys.argv[2:]:
    n, b, k = query(q)
    print(f"query {q!r}: {n} pages, first query downloads {b/1024:.1f} KB in {k} files")
