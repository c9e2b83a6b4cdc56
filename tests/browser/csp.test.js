// The site served as a static host serves it, with the headers of its own `_headers` file
// (lib/server.js applies them): every page gets the Content-Security-Policy, and no page of any
// type breaks it (no `securitypolicyviolation` event, no CSP message in the console). A control
// visit injects an inline script and sees it blocked, so the listening is known to work.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { servedSite } from './lib/fixture.js';
import { visit } from './lib/browser.js';
import { siteDir, htmlPages } from './lib/site.js';

const root = siteDir();
const pages = htmlPages(root);
const site = servedSite(root, { context: { viewport: { width: 1280, height: 900 } } });

const policyInHeaders = fs
  .readFileSync(path.join(root, '_headers'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .find((line) => line.startsWith('Content-Security-Policy:'))
  ?.slice('Content-Security-Policy:'.length)
  .trim();

/** Collects the page's CSP violations from before its first script runs. */
async function listenForViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
}

async function visitUnderPolicy(url, act) {
  return visit(site.context, url, {
    prepare: listenForViolations,
    inspect: async (page, response) => {
      if (act) await act(page);
      return {
        policy: response.headers()['content-security-policy'],
        violations: await page.evaluate(() => window.__violations),
      };
    },
  });
}

const cspMessages = (record) =>
  record.consoleErrors.filter((line) => /content security policy/i.test(line));

describe('the Content-Security-Policy of _headers', () => {
  it('is strict: everything from the site itself, nothing inline', () => {
    assert.ok(policyInHeaders, '_headers has a Content-Security-Policy');
    assert.match(policyInHeaders, /^default-src 'self';/);
    assert.doesNotMatch(policyInHeaders, /unsafe-inline|unsafe-eval/);
  });

  it('covers every page type of the site', () => {
    const kinds = ['/', '/articles/', '/worksheets/', '/quizzes/', '/tags/', '/print/', '/404.html'];
    const paths = pages.map((p) => p.path);
    for (const kind of kinds) assert.ok(paths.includes(kind), `the site has ${kind}: ${paths.join(' ')}`);
    for (const section of ['/articles/', '/worksheets/', '/quizzes/', '/tags/']) {
      assert.ok(paths.some((p) => p.startsWith(section) && p !== section), `a page under ${section}`);
    }
  });

  for (const { path: urlPath } of pages) {
    it(`is sent with ${urlPath} and not broken by it`, async () => {
      const record = await visitUnderPolicy(site.server.url + urlPath);
      assert.equal(record.result.policy, policyInHeaders, 'the page is served with the policy');
      assert.deepEqual(record.result.violations, [], 'securitypolicyviolation events');
      assert.deepEqual(cspMessages(record), [], 'CSP messages in the console');
    });
  }

  it('blocks an inline script, and the test sees it (control)', async () => {
    const record = await visitUnderPolicy(site.server.url + '/', async (page) => {
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true;';
        document.head.append(script);
      });
      await page.waitForFunction(() => window.__violations.length > 0, null, { timeout: 5_000 });
      assert.equal(await page.evaluate(() => window.__ran === true), false, 'the inline script ran');
    });
    assert.equal(record.result.violations.length, 1, record.result.violations.join('\n'));
    assert.match(record.result.violations[0], /^script-src(-elem)? blocked inline/);
  });
});
