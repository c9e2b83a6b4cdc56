// The built site served to Chromium for one test file: started before its tests, closed after.

import { before, after } from 'node:test';

import { startServer } from './server.js';
import { launchBrowser, newContext } from './browser.js';

/**
 * Registers `before`/`after` hooks that serve `root` (lib/server.js) and launch Chromium, and
 * returns `{ server, browser, context, newContext(options) }`, filled in once `before` has run.
 * With `context` (browser context options, `{}` for none), `site.context` is one context that
 * the file's tests share; without it, tests make their own with `site.newContext(options)`,
 * which keeps requests on the server's origin (see lib/browser.js) and is theirs to close.
 */
export function servedSite(root, { context, trickle = false } = {}) {
  const site = {
    server: null,
    browser: null,
    context: null,
    newContext: (options) => newContext(site.browser, site.server.url, options),
  };

  before(async () => {
    site.server = await startServer(root, { trickle });
    site.browser = await launchBrowser();
    if (context) site.context = await site.newContext(context);
  });

  after(async () => {
    await site.context?.close().catch(() => {});
    await site.browser?.close().catch(() => {});
    await site.server?.close();
  });

  return site;
}
