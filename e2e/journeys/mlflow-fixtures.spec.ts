/**
 * Real MLflow's own directories, end to end: a user imports an `mlruns` zip that MLflow 2.12 or 3.5
 * wrote, and everything MLflow itself reads back from it (../shared/mlflow-fixtures/expected-*.json)
 * is in the app — statuses, times, params, tags, full histories and artifact bytes — also after a
 * reload (the orphaned-run sweep must leave an imported RUNNING run alone). Then the user exports
 * everything and opens the zip with Info-ZIP `unzip` and with Python's zipfile + PyYAML (what MLflow
 * reads meta.yaml with): every non-ASCII name survives and every run reads back.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

const FIXTURES = fileURLToPath(new URL('../../../shared/mlflow-fixtures/', import.meta.url));

interface ExpectedRun {
  run_name: string;
  experiment_id: string;
  status: string;
  lifecycle_stage: string;
  start_time: number;
  end_time: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metric_histories: Record<string, Array<[number, number, number | string]>>;
  artifacts: Record<string, { size: number; sha256: string }>;
  artifacts_in_tree?: { files: Record<string, { size: number; sha256: string }> };
}
interface Expected {
  experiments: Record<string, { name: string; lifecycle_stage: string; tags: Record<string, string> }>;
  runs: Record<string, ExpectedRun>;
}

/** What the app holds for each run, in the fixture's encoding (NaN/±inf as strings). */
async function appRuns(page: Page, runIds: string[]) {
  return page.evaluate(async (ids) => {
    const t = window.trainyard;
    const enc = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
    const hex = async (blob: Blob) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const out: Record<string, unknown> = {};
    for (const id of ids) {
      const run = await t.getRun(id as never);
      const histories: Record<string, unknown[]> = {};
      for (const key of Object.keys(run.metrics)) histories[key] = (await t.getMetricHistory(id as never, key)).map((p) => [p.step, p.timestamp, enc(p.value)]);
      const artifacts: Record<string, { size: number; sha256: string }> = {};
      const walk = async (path: string): Promise<void> => {
        for (const info of await t.listArtifacts(id as never, path)) {
          if (info.isDir) await walk(info.path);
          else {
            const blob = await t.downloadArtifact(id as never, info.path);
            artifacts[info.path] = { size: blob.size, sha256: await hex(blob) };
          }
        }
      };
      await walk('');
      out[id] = {
        run_name: run.runName,
        experiment_id: run.experimentId,
        status: run.status,
        lifecycle_stage: run.lifecycleStage,
        start_time: run.startTime,
        end_time: run.endTime,
        params: run.params,
        tags: run.tags,
        metric_histories: histories,
        artifacts,
      };
    }
    return out;
  }, runIds);
}

function expectedRuns(expected: Expected) {
  return Object.fromEntries(
    Object.entries(expected.runs).map(([id, r]) => [
      id,
      {
        run_name: r.run_name,
        experiment_id: r.experiment_id,
        status: r.status,
        lifecycle_stage: r.lifecycle_stage,
        start_time: r.start_time,
        end_time: r.end_time,
        params: r.params,
        tags: r.tags,
        metric_histories: r.metric_histories,
        // A deleted experiment's runs keep the files that are in the tree, even where MLflow lists none.
        artifacts: r.artifacts_in_tree?.files ?? r.artifacts,
      },
    ]),
  );
}

for (const version of ['2.12', '3.5']) {
  test.describe(`MLflow ${version}'s own mlruns directory`, () => {
    const zip = `${FIXTURES}mlruns-${version}.zip`;
    test.skip(!existsSync(zip), `../shared/mlflow-fixtures is absent (looked for ${zip}); the real-MLflow journeys need it`);

    test('imports exactly what MLflow reads back, keeps a RUNNING run running after a reload, and exports a zip unzip and PyYAML read', async ({ app, page }) => {
      test.setTimeout(120_000);
      const expected = JSON.parse(readFileSync(`${FIXTURES}expected-${version}.json`, 'utf8')) as Expected;
      const runIds = Object.keys(expected.runs);
      await app.open();
      await page.getByTestId('bundle.import.file').setInputFiles(zip);
      await expect(page.getByTestId('bundle.summary')).toContainText(`${runIds.length} new runs`);
      if (version === '3.5') {
        // What the app does not model is said, by kind and count, before anything is written.
        await expect(page.getByTestId('bundle.dialog')).toContainText(/logged model/i);
      }
      await expect(page.getByTestId('bundle.dialog')).toContainText(/dataset input/i);
      // The summary is there for a person too: its text is not drawn in the dialog's own background colour.
      const [text, background] = await page.getByTestId('bundle.summary').evaluate((el) => [
        getComputedStyle(el).color,
        getComputedStyle(el.closest('[role="dialog"]') as Element).backgroundColor,
      ]);
      expect(text).not.toBe(background);
      await expect(page.getByTestId('bundle.notes')).toHaveAttribute('open', '');
      await page.getByTestId('bundle.confirm').click();
      await expect(page.getByTestId('bundle.dialog')).toHaveCount(0);

      const want = expectedRuns(expected);
      expect(await appRuns(page, runIds)).toEqual(want);

      // A reload starts the orphaned-run sweep; the imported RUNNING run is not this browser's to end.
      await page.reload();
      await page.waitForFunction(() => typeof window.trainyard?.getRun === 'function');
      await page.evaluate(() => window.trainyard.killOrphanedRuns());
      const stillTraining = runIds.find((id) => expected.runs[id]?.run_name === 'still-training') as string;
      const after = await page.evaluate((id) => window.trainyard.getRun(id as never), stillTraining);
      expect([after.status, after.endTime]).toEqual(['RUNNING', null]);

      // Export everything and open it as a Linux or macOS user would.
      const download = page.waitForEvent('download');
      await page.getByTestId('bundle.export-all').click();
      const file = await (await download).path();
      if (version === '3.5') {
        // MLflow 3.x allows ':' in keys and longer tags; the page says what MLflow 2.x would refuse.
        await expect(page.getByTestId('bundle.export-warnings')).toContainText('eval:recall');
        await expect(page.getByTestId('bundle.export-warnings').locator('li[data-problem="long-value"]')).toContainText('too_long_tag');
      }
      const dir = mkdtempSync(join(tmpdir(), 'trainyard-unzip-'));
      try {
        execFileSync('/usr/bin/unzip', ['-q', file, '-d', join(dir, 'unzip')]);
        const named = (expId: string) => expected.experiments[expId];
        const sweeps = Object.keys(expected.experiments).find((id) => named(id)?.name === 'fx-image-sweeps') as string;
        const root = join(dir, 'unzip', 'mlruns');
        expect(readdirSync(join(root, sweeps, 'tags')).sort()).toEqual(Object.keys(named(sweeps)?.tags ?? {}).sort());
        const unicodeRun = runIds.find((id) => expected.runs[id]?.run_name === 'unicode-größe-学习率') as string;
        const unicode = expected.runs[unicodeRun] as ExpectedRun;
        for (const [key, value] of Object.entries(unicode.params)) {
          expect(readFileSync(join(root, unicode.experiment_id, unicodeRun, 'params', ...key.split('/')), 'utf8'), key).toBe(value);
        }
        // Python reads the same zip: names, meta.yaml with PyYAML, tag and param files.
        const script = `
import json, sys, zipfile, yaml
z = zipfile.ZipFile(sys.argv[1])
out = {}
for name in z.namelist():
    parts = name.split('/')
    if len(parts) == 4 and parts[3] == 'meta.yaml' and parts[1] not in ('models', '.trash'):
        meta = yaml.safe_load(z.read(name).decode('utf-8'))
        out[meta['run_id']] = {'status': meta['status'], 'run_uuid': meta['run_uuid'], 'experiment_id': meta['experiment_id'],
            'start_time': meta['start_time'], 'end_time': meta['end_time'],
            'params': {n.split('/params/', 1)[1]: z.read(n).decode('utf-8') for n in z.namelist() if n.startswith('/'.join(parts[:3]) + '/params/') and not n.endswith('/')}}
print(json.dumps(out))
`;
        const python = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { maxBuffer: 1 << 26 }).toString()) as Record<
          string,
          { status: number; run_uuid: string; experiment_id: string; start_time: number; end_time: number | null; params: Record<string, string> }
        >;
        const codes: Record<string, number> = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 };
        for (const id of runIds.filter((r) => expected.experiments[expected.runs[r]?.experiment_id ?? '']?.lifecycle_stage === 'active')) {
          const run = expected.runs[id] as ExpectedRun;
          expect(python[id], id).toEqual({
            status: codes[run.status],
            run_uuid: id,
            experiment_id: run.experiment_id,
            start_time: run.start_time,
            end_time: run.end_time,
            params: run.params,
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
