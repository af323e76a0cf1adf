#!/usr/bin/env node
/**
 * npm run shots: builds the app (vite build), serves the build (vite preview on a free port) and
 * saves a PNG of every page and state in states.mjs at 1440×900 and 768×1024, for a person to look
 * at. Each state starts in a fresh browser context (empty store) seeded through window.trainyard.
 * It also prints, per picture, whether the page scrolls sideways at that width.
 *
 * Environment: SHOTS_DIST (build folder, default dist), SHOTS_PORT (default: a free port),
 * SHOTS_OUT (default test-results/shots, git-ignored), SHOTS_SKIP_BUILD=1 (serve the build
 * already in SHOTS_DIST), SHOTS_ONLY (comma-separated state names), CHROMIUM_PATH.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_STATES } from './states.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.SHOTS_DIST || 'dist';
const OUT = resolve(ROOT, process.env.SHOTS_OUT || 'test-results/shots');
const ONLY = process.env.SHOTS_ONLY ? new Set(process.env.SHOTS_ONLY.split(',').map((s) => s.trim())) : null;
const SIZES = [
  { width: 1440, height: 900 },
  { width: 768, height: 1024 },
];

/** Chromium's path and launch arguments, read from e2e/chromium.ts so that they have one home. */
function chromiumLaunch() {
  const source = readFileSync(join(ROOT, 'e2e/chromium.ts'), 'utf8');
  const list = /chromiumArgs\s*=\s*\[([\s\S]*?)\]/.exec(source)?.[1];
  const args = list ? [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];
  if (args.length === 0) throw new Error('shots: no chromiumArgs found in e2e/chromium.ts');
  return { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args };
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function run(command, args) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function waitForServer(url, child) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`shots: ${url} did not answer in 60 s`);
}

/** Whether the page, or the app's main scrolling area, scrolls sideways (and by how much). */
function sidewaysScroll(page) {
  return page.evaluate(() => {
    const over = (el) => (el ? el.scrollWidth - el.clientWidth : 0);
    return { page: over(document.documentElement), main: over(document.querySelector('.app-main')) };
  });
}

async function main() {
  if (!process.env.SHOTS_SKIP_BUILD) await run('npx', ['vite', 'build', '--outDir', DIST]);
  const port = Number(process.env.SHOTS_PORT) || (await freePort());
  const baseURL = `http://localhost:${port}`;
  // Its own process group, so that stopping it stops npx and vite together.
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', DIST], { cwd: ROOT, stdio: 'ignore', detached: true });
  const stopServer = () => {
    if (server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  };
  process.once('SIGINT', () => {
    stopServer();
    process.exit(130);
  });
  const browser = await chromium.launch(chromiumLaunch());
  let failures = 0;
  try {
    await waitForServer(baseURL, server);
    mkdirSync(OUT, { recursive: true });
    for (const state of PAGE_STATES) {
      if (ONLY && !ONLY.has(state.name)) continue;
      const context = await browser.newContext({ baseURL, viewport: SIZES[0] });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        await state.open(page);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          // Let resize observers and charts redraw at the new width.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 1000))));
          const file = join(OUT, `${state.name}-${size.width}x${size.height}.png`);
          await page.screenshot({ path: file });
          const scroll = await sidewaysScroll(page);
          const sideways = scroll.page > 0 || scroll.main > 0 ? `scrolls sideways (page +${scroll.page}px, main +${scroll.main}px)` : 'no sideways scroll';
          console.log(`${state.name} ${size.width}x${size.height}: ${sideways} → ${file}`);
        }
        await state.close?.(page);
      } catch (error) {
        failures++;
        console.error(`${state.name}: could not reach this state: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (errors.length) console.error(`${state.name}: errors in the page: ${errors.join(' | ')}`);
      await context.close();
    }
  } finally {
    await browser.close();
    stopServer();
  }
  if (failures) process.exitCode = 1;
}

await main();
