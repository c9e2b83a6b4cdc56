// Starts `hearth serve` (the release binary the run script builds) on a temporary copy of a
// fixture site, on a free port of 127.0.0.1, and stops it again.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const HEARTH = process.env.HEARTH_BIN || path.join(repo, 'target/release/hearth');

/** A temporary copy of `tests/fixtures/<name>`, with the repository's themes beside its content. */
export function copyFixture(name) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `hearth-serve-${name}-`));
  fs.cpSync(path.join(repo, 'tests/fixtures', name), root, { recursive: true });
  fs.cpSync(path.join(repo, 'themes'), path.join(root, 'themes'), { recursive: true });
  return root;
}

/**
 * Runs `hearth serve --root <root> --port 0` and resolves once it prints its address, to
 * `{ url, output, stop() }`: `url` is the origin (`http://127.0.0.1:PORT`), `output` what it has
 * printed so far (for failure messages).
 */
export async function startServe(root, { timeout = 60_000 } = {}) {
  if (!fs.existsSync(HEARTH)) {
    throw new Error(`${HEARTH} not found: build it first (cargo build --release)`);
  }
  const child = spawn(HEARTH, ['serve', '--root', root, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => output.push(chunk));
  const url = await new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      reject(new Error(`hearth serve ${why}:\n${output.join('')}`));
    };
    const timer = setTimeout(() => fail(`printed no address within ${timeout} ms`), timeout);
    let printed = '';
    child.stdout.on('data', (chunk) => {
      output.push(chunk);
      printed += chunk;
      const address = printed.match(/Serving the site at (http:\/\/[^/\s]+)\//);
      if (address) {
        clearTimeout(timer);
        resolve(address[1]);
      }
    });
    child.on('error', (error) => fail(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => fail(`stopped (${signal ?? `exit ${code}`}) before serving`));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  return { url, output, stop };
}
