// A small static file server for the built site, bound to 127.0.0.1 on a free port.
//
// - `/x/` serves `/x/index.html`; `/x` (a folder without the slash) redirects to `/x/`.
// - Content types come from the file's extension.
// - Unknown paths get the site's `404.html` with status 404.
// - The site's own `_headers` file (Netlify / Cloudflare Pages format) is applied, as a static
//   host would: a path pattern on its own line (`/*`, `/blog/*`, `/about/`), then indented
//   `Name: value` lines. The file itself is not served.

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function statOrNull(file) {
  try {
    return await fs.stat(file);
  } catch {
    return null;
  }
}

/**
 * Reads `_headers` under `root` into `[{ pattern: RegExp, headers: [[name, value]] }]`
 * (empty when there is none).
 */
export async function readHeaderRules(root) {
  let text;
  try {
    text = await fs.readFile(path.join(root, '_headers'), 'utf8');
  } catch {
    return [];
  }
  const rules = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (/^\s/.test(line)) {
      const at = line.indexOf(':');
      if (at < 0 || rules.length === 0) throw new Error(`_headers: cannot read the line ${JSON.stringify(line)}`);
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    } else {
      const escaped = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${escaped}$`), headers: [] });
    }
  }
  return rules;
}

function headersFor(rules, pathname) {
  const headers = {};
  for (const rule of rules) {
    if (rule.pattern.test(pathname)) {
      for (const [name, value] of rule.headers) headers[name] = value;
    }
  }
  return headers;
}

async function sendInPieces(res, body) {
  const PIECE = 3000;
  for (let start = 0; start < body.length; start += PIECE) {
    if (start > 0) await new Promise((resolve) => setTimeout(resolve, 150));
    res.write(body.subarray(start, start + PIECE));
  }
  res.end();
}

/**
 * Starts a server for `root`. Resolves to `{ url, port, server, close() }`;
 * `url` is the origin with no trailing slash (`http://127.0.0.1:PORT`). With `trickle`, HTML
 * arrives as a slow network brings it: in pieces of a few kilobytes, 150 ms apart.
 */
export async function startServer(root, { trickle = false } = {}) {
  const base = path.resolve(root);
  const headerRules = await readHeaderRules(base);

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' });
        res.end();
        return;
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        rel = null;
      }
      let file = null;
      if (rel !== null && !rel.includes('\0') && rel !== '/_headers') {
        const candidate = path.join(base, rel);
        if (candidate === base || candidate.startsWith(base + path.sep)) {
          const st = await statOrNull(candidate);
          if (st?.isDirectory()) {
            if (!url.pathname.endsWith('/')) {
              res.writeHead(301, { Location: url.pathname + '/' + url.search });
              res.end();
              return;
            }
            const index = path.join(candidate, 'index.html');
            if ((await statOrNull(index))?.isFile()) file = index;
          } else if (st?.isFile()) {
            file = candidate;
          }
        }
      }
      let status = 200;
      if (file === null) {
        status = 404;
        const notFound = path.join(base, '404.html');
        if ((await statOrNull(notFound))?.isFile()) {
          file = notFound;
        } else {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
          return;
        }
      }
      const body = await fs.readFile(file);
      res.writeHead(status, {
        ...headersFor(headerRules, url.pathname),
        'Content-Type': contentType(file),
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else if (trickle && file.endsWith('.html')) await sendInPieces(res, body);
      else res.end(body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Internal error: ${err.message}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
