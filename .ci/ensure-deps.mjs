#!/usr/bin/env node
// Installs what `npm start` / `npm test` need on a fresh machine with only Node 20 and npm:
// the npm dependencies (npm ci, when node_modules is missing or older than the lockfile) and,
// with --browser, a Chromium for Playwright (Debian's package via apt-get when running as root;
// otherwise the path in CHROMIUM_PATH). Playwright can't download its own browsers here.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || mtime('package-lock.json') > mtime(installed) || mtime('package.json') > mtime(installed)) {
  console.log('[ensure-deps] installing npm dependencies (npm ci)…');
  run(existsSync('package-lock.json') ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund');
}

if (process.argv.includes('--browser')) {
  const wanted = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(wanted)) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!process.env.CHROMIUM_PATH && isRoot) {
      console.log('[ensure-deps] installing Debian chromium with apt-get…');
      run('apt-get update -qq');
      run('apt-get install -y -qq chromium');
    } else {
      console.error(
        `[ensure-deps] No Chromium at ${wanted}. Install Debian's "chromium" package (as root: apt-get install chromium) ` +
          'or set CHROMIUM_PATH to a Chromium/Chrome binary.',
      );
      process.exit(1);
    }
  }
}
