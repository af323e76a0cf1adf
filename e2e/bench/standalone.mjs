// What a bench file needs to run on its own (`node e2e/bench/<file>.mjs` after a build): the
// figure printer, Chromium's launch options, and a vite preview server for the build folder
// (BENCH_OUTDIR picks another one, e.g. from `npx vite build --outDir /tmp/x`).
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export function printFigure(figure) {
  console.log(JSON.stringify({ ...figure, machine: `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}` }));
}

/** Run in a page (`page.evaluate(watchLongTasks)`): keeps the longest main-thread task since then in `window.__longest` (ms). */
export const watchLongTasks = () => {
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
  }).observe({ type: 'longtask' });
};

export const benchLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
};

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMainModule(moduleUrl) {
  return Boolean(process.argv[1]) && fileURLToPath(moduleUrl) === process.argv[1];
}

/** Serves the build on `port` while `body(origin)` runs, then stops the server. */
export async function withPreviewServer(port, body) {
  const outDir = process.env.BENCH_OUTDIR ? ['--outDir', process.env.BENCH_OUTDIR] : [];
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', ...outDir], { stdio: 'ignore', detached: true });
  const origin = `http://localhost:${port}`;
  try {
    const end = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`${origin}/`)).ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > end) throw new Error(`preview server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return await body(origin);
  } finally {
    try {
      process.kill(-server.pid);
    } catch {
      // already gone
    }
  }
}
