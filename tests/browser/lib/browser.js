// Launches Debian's Chromium through playwright-core (no browser download), with a fresh profile.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.HEARTH_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
  });
}

/**
 * A new browser context in which requests to any origin other than `origin` are recorded by
 * the page listeners as usual but aborted, so that nothing leaves this machine.
 */
export async function newContext(browser, origin, options = {}) {
  const context = await browser.newContext(options);
  await context.route(
    (url) => url.origin !== origin && !['data:', 'blob:', 'about:'].includes(url.protocol),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}

/**
 * Opens `url` in a new page of `context` and records what a reader's visit produced:
 * console errors, page errors, failed requests (network failures and HTTP statuses >= 400)
 * and every request made. `prepare(page)` runs before navigation (e.g. emulateMedia);
 * `inspect(page, response)` runs after the page has settled. The page is always closed.
 */
export async function visit(context, url, { prepare, inspect, settle = true } = {}) {
  const page = await context.newPage();
  const record = { url, status: null, consoleErrors: [], pageErrors: [], failed: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc?.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      record.consoleErrors.push(`${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => record.pageErrors.push(String(err?.stack || err)));
  page.on('request', (req) => record.requests.push(req.url()));
  page.on('requestfailed', (req) =>
    record.failed.push(`${req.url()} (${req.failure()?.errorText ?? 'failed'})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) record.failed.push(`${res.url()} (HTTP ${res.status()})`);
  });
  try {
    if (prepare) await prepare(page);
    const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    record.status = response?.status() ?? null;
    if (settle) {
      // Let scripts that run after load (fetches, timers) finish, without waiting forever.
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
      await page.evaluate(() => document.fonts?.ready.then(() => true)).catch(() => {});
    }
    if (inspect) record.result = await inspect(page, response);
  } finally {
    await page.close().catch(() => {});
  }
  return record;
}

/** Requests whose origin is not `origin` (data:, blob: and about: URLs are local and allowed). */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => {
    let parsed;
    try {
      parsed = new URL(u);
    } catch {
      return true;
    }
    if (['data:', 'blob:', 'about:'].includes(parsed.protocol)) return false;
    return parsed.origin !== origin;
  });
}
