#!/usr/bin/env node
// Installs what `npm start` / `npm test` need on a fresh machine with only Node 20 and npm:
// the npm dependencies (npm ci, when node_modules is missing or older than the lockfile) and,
// with --browser, a Chromium for Playwright (Debian's package via apt-get when running as root;
// otherwise the path in CHROMIUM_PATH; Playwright can't download its own browsers here), and with
// --interop, Info-ZIP unzip/zip and Python 3 with PyYAML for the bundle interoperability tests.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || mtime('package-lock.json') > mtime(installed) || mtime('package.json') > mtime(installed)) {
  console.log('[ensure-deps] installing npm dependencies (npm ci)…');
  run(existsSync('package-lock.json') ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund');
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;
/** Installs Debian packages as root (apt-get update once); otherwise says what to install and exits. */
function aptInstall(packages, why) {
  if (!isRoot) {
    console.error(`[ensure-deps] ${why}: install the Debian package(s) ${packages.join(', ')} (as root: apt-get install ${packages.join(' ')}).`);
    process.exit(1);
  }
  console.log(`[ensure-deps] installing ${packages.join(', ')} with apt-get (${why})…`);
  if (!aptUpdated) run('apt-get update -qq');
  aptUpdated = true;
  run(`apt-get install -y -qq ${packages.join(' ')}`);
}

if (process.argv.includes('--browser')) {
  const wanted = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(wanted)) {
    if (process.env.CHROMIUM_PATH) {
      console.error(`[ensure-deps] No Chromium at ${wanted} (CHROMIUM_PATH). Install Debian's "chromium" package or point CHROMIUM_PATH at a Chromium/Chrome binary.`);
      process.exit(1);
    }
    aptInstall(['chromium'], 'Playwright drives Debian\'s Chromium');
  }
}

if (process.argv.includes('--interop')) {
  // The bundle tests check exports with the tools people use to open them: Info-ZIP unzip/zip and
  // Python's zipfile + PyYAML (what MLflow reads meta.yaml with), all from Debian.
  const missing = [];
  if (!existsSync('/usr/bin/unzip')) missing.push('unzip');
  if (!existsSync('/usr/bin/zip')) missing.push('zip');
  const hasYaml = () => {
    try {
      execSync('/usr/bin/python3 -c "import yaml, zipfile"', { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync('/usr/bin/python3') || !hasYaml()) missing.push('python3', 'python3-yaml');
  if (missing.length > 0) aptInstall(missing, 'bundle interoperability tests');
}
