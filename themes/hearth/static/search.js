// Reads the search index hearth builds (search/index.json, search/w/<prefix>.json shards,
// search/p/<n>.json page fragments) and answers queries typed in the search dialog. Loaded by
// search-open.js when the reader first opens search; fetches only the manifest, the shards of
// the query's words and the fragments of the results shown.
(() => {
  const button = document.querySelector('.search-open');
  const dialog = document.getElementById('search-dialog');
  const input = document.getElementById('search-input');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  if (!button || !dialog || !input || !status || !list) return;

  const root = button.dataset.searchRoot || '/';
  const SHOWN = 10;
  const PREFIX_WORDS = 30;
  const cache = new Map();

  function fetchJson(path) {
    if (!cache.has(path)) {
      const promise = fetch(root + path).then((response) => {
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return response.json();
      });
      promise.catch(() => cache.delete(path));
      cache.set(path, promise);
    }
    return cache.get(path);
  }

  // As the index splits text: accents folded, lower case, letters and digits, 2 to 32 long.
  function words(text) {
    return text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length >= 2 && word.length <= 32);
  }

  function shardOf(manifest, word) {
    let best = null;
    for (const prefix of manifest.shards) {
      if (word.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
    }
    return best;
  }

  // Page → score for one word; the last word typed also matches longer words it starts.
  async function scoresOf(manifest, word, isLast) {
    const scores = new Map();
    const prefix = shardOf(manifest, word);
    if (prefix === null) return scores;
    const shard = await fetchJson(`search/w/${prefix}.json`);
    const add = (postings, weight) => {
      for (let i = 0; i < postings.length; i += 2) {
        scores.set(postings[i], Math.max(scores.get(postings[i]) ?? 0, postings[i + 1] * weight));
      }
    };
    if (Object.hasOwn(shard, word)) add(shard[word], 1);
    if (isLast) {
      let taken = 0;
      for (const other of Object.keys(shard)) {
        if (other !== word && other.startsWith(word) && taken < PREFIX_WORDS) {
          add(shard[other], 0.5);
          taken += 1;
        }
      }
    }
    return scores;
  }

  async function search(query) {
    const terms = [...new Set(words(query))];
    if (terms.length === 0) return null;
    const manifest = await fetchJson('search/index.json');
    const perWord = await Promise.all(
      terms.map((term, i) => scoresOf(manifest, term, i === terms.length - 1)),
    );
    // Pages with every word; when none has them all (each word keeps only its best pages),
    // pages with any of them.
    let total = perWord[0];
    for (const scores of perWord.slice(1)) {
      const both = new Map();
      for (const [page, score] of total) {
        if (scores.has(page)) both.set(page, score + scores.get(page));
      }
      total = both;
    }
    let some = false;
    if (total.size === 0 && perWord.length > 1) {
      some = true;
      total = new Map();
      for (const scores of perWord) {
        for (const [page, score] of scores) total.set(page, (total.get(page) ?? 0) + score);
      }
    }
    const ranked = [...total].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const shown = ranked.slice(0, SHOWN);
    const fragments = new Map();
    await Promise.all(
      [...new Set(shown.map(([page]) => Math.floor(page / manifest.fragment)))].map(async (n) => {
        fragments.set(n, await fetchJson(`search/p/${n}.json`));
      }),
    );
    const pages = shown.map(([page]) => {
      const [title, url, kind, excerpt] = fragments.get(Math.floor(page / manifest.fragment))[page % manifest.fragment];
      return { title, url, kind, excerpt };
    });
    return { count: ranked.length, pages, some };
  }

  function show(result) {
    list.replaceChildren();
    if (result === null) {
      status.textContent = '';
      return;
    }
    for (const page of result.pages) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = page.url;
      link.className = 'search-result-title';
      link.textContent = page.title;
      const kind = document.createElement('span');
      kind.className = 'search-result-kind';
      kind.textContent = page.kind;
      const excerpt = document.createElement('p');
      excerpt.className = 'search-result-excerpt';
      excerpt.textContent = page.excerpt;
      item.append(link, ' ', kind, excerpt);
      list.append(item);
    }
    const { count } = result;
    status.textContent =
      count === 0
        ? 'No page has these words.'
        : result.some
          ? `No page has all of these words; ${count} ${count === 1 ? 'page has' : 'pages have'} some of them.`
          : count > result.pages.length
          ? `${count} pages found; the best ${result.pages.length} are shown.`
          : `${count} ${count === 1 ? 'page' : 'pages'} found.`;
  }

  if (location.protocol === 'file:') {
    status.textContent =
      'Search works on the published site or with `hearth serve`, not in files opened from disk.';
    input.disabled = true;
    return;
  }

  let latest = 0;
  async function run() {
    const asked = ++latest;
    try {
      const result = await search(input.value);
      if (asked === latest) show(result);
    } catch (error) {
      if (asked === latest) {
        list.replaceChildren();
        status.textContent = 'Search could not load its index. Try again in a moment.';
      }
    }
  }

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  dialog.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  // Arrow keys move between the input and the results.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll('a')];
    if (links.length === 0) return;
    const at = links.indexOf(document.activeElement);
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
  if (input.value) run();
})();
