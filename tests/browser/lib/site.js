// Finds the built site (HEARTH_SITE_DIR) and the pages in it.

import fs from 'node:fs';
import path from 'node:path';

export function siteDir() {
  const dir = process.env.HEARTH_SITE_DIR;
  if (!dir) {
    throw new Error(
      'HEARTH_SITE_DIR is not set: it must name the folder of a built site (tests/browser/run sets it)',
    );
  }
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'index.html'))) {
    throw new Error(`HEARTH_SITE_DIR=${dir} has no index.html: is it a built site?`);
  }
  return abs;
}

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** True for the redirect pages hearth writes for aliases (`<meta http-equiv="refresh">`). */
export function isRedirectPage(html) {
  return /<meta\s[^>]*http-equiv\s*=\s*["']?refresh/i.test(html);
}

/** The URL path that serves `file` (`a/b/index.html` → `/a/b/`, `404.html` → `/404.html`). */
export function urlPathOf(root, file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
  return '/' + rel;
}

/** Every HTML page of the site as `{ file, path }`, redirect pages left out, sorted by path. */
export function htmlPages(root) {
  return walk(root)
    .filter((f) => f.toLowerCase().endsWith('.html'))
    .filter((f) => !isRedirectPage(fs.readFileSync(f, 'utf8')))
    .map((file) => ({ file, path: urlPathOf(root, file) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function sitemapPaths(root) {
  const file = path.join(root, 'sitemap.xml');
  if (!fs.existsSync(file)) return [];
  const xml = fs.readFileSync(file, 'utf8');
  const paths = [];
  for (const m of xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) {
    try {
      paths.push(new URL(m[1].replace(/&amp;/g, '&')).pathname);
    } catch {
      // not an absolute URL: ignore
    }
  }
  return paths;
}

function firstSubfolderWithIndex(root, under) {
  const dir = path.join(root, under);
  if (!fs.existsSync(dir)) return null;
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .filter((n) => !/^page$/.test(n)) // pagination folders (/articles/page/2/) are not entries
    .sort();
  return names.length ? `/${under}/${names[0]}/` : null;
}

/** An article's path: the first `/articles/<slug>/` in the sitemap, else the first folder. */
export function firstArticle(root) {
  const fromSitemap = sitemapPaths(root).find(
    (p) => /^\/articles\/[^/]+\/$/.test(p) && !/^\/articles\/page\//.test(p),
  );
  if (fromSitemap && fs.existsSync(path.join(root, fromSitemap, 'index.html'))) return fromSitemap;
  return firstSubfolderWithIndex(root, 'articles');
}

/** A tag page's path: the first folder under `/tags/`. */
export function firstTag(root) {
  return firstSubfolderWithIndex(root, 'tags');
}
