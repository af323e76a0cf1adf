/**
 * Test helpers for bundle tests (not used by the app): zipping plain files, a seeded generator of
 * random bundle content, and the canonical order readBundle returns content in.
 */
import { zipSync, type Zippable } from 'fflate';
import type { ExperimentId, RunId } from '../domain/ids';
import { createRandom, type Random } from '../domain/ml/random';
import { updateSummary } from '../domain/tracking/metricSummary';
import type { Experiment, MetricSummary, Run, RunStatus } from '../domain/tracking/types';
import { RUN_STATUSES } from '../domain/tracking/types';
import { findPathClash, validateKey } from '../domain/tracking/validation';
import { validateAlias, validateModelName } from '../domain/registry/registry';
import type { BundleContent, BundleHistory, BundleModelVersion, BundleRegisteredModel, BundleRun } from '../domain/bundle/bundle.types';

const encoder = new TextEncoder();

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A zip of `files` (name → text or bytes) written by fflate's one-shot zipSync. */
export function zipOf(files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) {
    zippable[name] = [typeof data === 'string' ? encoder.encode(data) : data, { level }];
  }
  return zipSync(zippable);
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Content in readBundle's order: experiments and runs by id (numeric order for all-digit ids), artifacts by path. */
export function canonical(content: BundleContent): BundleContent {
  return {
    experiments: [...content.experiments].sort((a, b) => compareIds(a.experimentId, b.experimentId)),
    runs: [...content.runs]
      .sort((a, b) => compareIds(a.run.experimentId, b.run.experimentId) || compareIds(a.run.runId, b.run.runId))
      .map((r) => ({ ...r, artifacts: [...r.artifacts].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)) })),
    registeredModels: [...(content.registeredModels ?? [])]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((m) => ({
        ...m,
        aliases: [...m.aliases].sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0)),
        versions: [...m.versions].sort((a, b) => a.version - b.version),
      })),
  };
}

const KEY_CHARS = ['a', 'b', 'Z', '0', '7', '_', '-', '.', ' ', 'é', 'ü', 'Ω', '日', '本', 'ß', 'x'];
const TEXT_CHARS = [...KEY_CHARS, '/', ':', '#', "'", '"', '\n', '\t', '\\', '%', '😀', '{', '}', '\ufeff', '\r\n', '\u0085', '\u2028', '\u007f', '\u00a0', '\r'];
const HAZARD_TEXT = ['123', 'true', 'null', 'yes', 'No', '~', '0o17', '1e5', '.inf', '- x', '# hash', "it's", 'a: b', ' lead', 'trail ', '2024-01-01', '0123', '<<', '=', '@at', '*star', '&amp'];

class Gen {
  readonly random: Random;
  constructor(seed: number) {
    this.random = createRandom(seed);
  }
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  text(max: number, chars = TEXT_CHARS): string {
    if (this.chance(0.15)) return this.pick(HAZARD_TEXT);
    let out = '';
    for (let n = this.int(max + 1); n > 0; n--) out += this.pick(chars);
    return out;
  }
  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += '0123456789abcdef'[this.int(16)];
    return out;
  }
  digits(n: number): string {
    let out = String(1 + this.int(9));
    for (let i = 1; i < n; i++) out += String(this.int(10));
    return out;
  }
  key(existing: string[]): string {
    for (;;) {
      const parts = Array.from({ length: 1 + this.int(3) }, () => this.text(6, KEY_CHARS) || 'k');
      const key = parts.join('/');
      try {
        validateKey('param', key);
      } catch {
        continue;
      }
      if (!existing.includes(key) && findPathClash(key, existing) === undefined) return key;
    }
  }
  number(): number {
    const specials = [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1.7976931348623157e308, 1e20, 1e-7, 0.1 + 0.2, -2.5];
    if (this.chance(0.3)) return this.pick(specials);
    return this.chance(0.5) ? this.int(1000) - 500 : (this.random() - 0.5) * 10 ** (this.int(40) - 20);
  }
  time(): number {
    return this.int(2_000_000_000_000);
  }
}

function history(g: Gen): BundleHistory {
  const n = 1 + g.int(30);
  const h = { steps: new Float64Array(n), values: new Float64Array(n), timestamps: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    h.steps[i] = g.chance(0.2) && i > 0 ? (h.steps[i - 1] as number) : g.int(200) - 20; // duplicates, negatives
    h.values[i] = g.number();
    h.timestamps[i] = g.chance(0.05) ? 2 ** 53 + 2 * g.int(1000) : g.time();
  }
  return h;
}

function values(g: Gen, count: number, max: number): Record<string, string> {
  const out: Record<string, string> = {};
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = g.key(keys);
    keys.push(key);
    out[key] = g.text(max);
  }
  return out;
}

/** Random valid content: experiments (sometimes Default, sometimes deleted), nested runs, odd keys and values. */
export function randomContent(seed: number, size = { experiments: 3, runs: 4 }): BundleContent {
  const g = new Gen(seed);
  const experiments: Experiment[] = [];
  const names = new Set<string>();
  const experimentCount = 1 + g.int(size.experiments);
  for (let i = 0; i < experimentCount; i++) {
    const id = (i === 0 && g.chance(0.4) ? '0' : g.digits(1 + g.int(18))) as ExperimentId;
    if (experiments.some((e) => e.experimentId === id)) continue;
    let name = g.text(20).trim() || `exp ${i}`;
    while (names.has(name)) name += '+';
    names.add(name);
    const creationTime = g.time();
    experiments.push({
      experimentId: id,
      name,
      artifactLocation: `mlruns/${id}`,
      lifecycleStage: id !== '0' && g.chance(0.25) ? 'deleted' : 'active',
      creationTime,
      lastUpdateTime: creationTime + g.int(1000),
      tags: values(g, g.int(3), 40),
    });
  }
  const runs: BundleRun[] = [];
  for (const experiment of experiments) {
    const runCount = g.int(size.runs + 1);
    const here: RunId[] = [];
    for (let i = 0; i < runCount; i++) {
      const runId = g.hex(32) as RunId;
      const parentRunId = here.length > 0 && g.chance(0.5) ? g.pick(here) : null;
      here.push(runId);
      const runName = g.chance(0.1) ? '' : g.text(15);
      const tags = values(g, g.int(4), 60);
      for (const special of ['mlflow.runName', 'mlflow.parentRunId']) delete tags[special];
      if (runName !== '') tags['mlflow.runName'] = runName;
      if (parentRunId) tags['mlflow.parentRunId'] = parentRunId;
      const histories: Record<string, BundleHistory> = {};
      const metrics: Record<string, MetricSummary> = {};
      const metricKeys: string[] = [];
      for (let m = g.int(4); m > 0; m--) {
        const key = g.key(metricKeys);
        metricKeys.push(key);
        histories[key] = history(g);
        metrics[key] = updateSummary(undefined, histories[key], key);
      }
      const deleted = g.chance(0.2);
      const startTime = g.time();
      const run: Run = {
        runId,
        experimentId: experiment.experimentId,
        runName,
        status: g.pick(RUN_STATUSES) as RunStatus,
        startTime,
        endTime: g.chance(0.3) ? null : startTime + g.int(100000),
        lifecycleStage: deleted ? 'deleted' : 'active',
        deletedTime: deleted ? startTime + 5 : null,
        userId: g.text(10),
        artifactUri: `mlruns/${experiment.experimentId}/${runId}/artifacts`,
        parentRunId,
        params: values(g, g.int(5), 30),
        tags,
        metrics,
      };
      const artifactPaths: string[] = [];
      const artifacts = Array.from({ length: g.int(4) }, () => {
        let path = g.key(artifactPaths);
        if (g.chance(0.3)) path += g.pick(['.png', '.json', '.bin']);
        if (g.chance(0.1)) path = `.hidden/${path}`;
        if (artifactPaths.includes(path) || findPathClash(path, artifactPaths)) return null;
        artifactPaths.push(path);
        const bytes = new Uint8Array(g.chance(0.2) ? 0 : g.int(3000));
        for (let b = 0; b < bytes.length; b++) bytes[b] = g.chance(0.5) ? 0 : g.int(256);
        return { path, bytes };
      }).filter((a) => a !== null);
      runs.push({ run, histories, artifacts });
    }
  }
  return { experiments, runs, registeredModels: randomRegistry(g, runs) };
}

const ALIAS_CHARS = ['a', 'Z', '0', '7', '_', '-', 'é', '日', 'v'];

function validName<T>(make: () => string, check: (text: string) => T, taken: ReadonlySet<string>): string {
  for (;;) {
    const text = make();
    try {
      check(text);
    } catch {
      continue;
    }
    if (!taken.has(text)) return text;
  }
}

/** 0–2 registered models: versions from the bundle's runs, deleted versions, aliases, odd names and text. */
function randomRegistry(g: Gen, runs: readonly BundleRun[]): BundleRegisteredModel[] {
  const models: BundleRegisteredModel[] = [];
  const names = new Set<string>();
  for (let m = runs.length === 0 ? 0 : g.int(3); m > 0; m--) {
    const name = validName(() => g.text(15), validateModelName, names);
    names.add(name);
    const versions: BundleModelVersion[] = [];
    for (let v = 1; v <= 1 + g.int(4); v++) {
      const created = g.time();
      if (g.chance(0.25)) {
        versions.push({ version: v, source: '', runId: null, description: '', currentStage: 'Deleted_Internal', creationTimestamp: created, lastUpdatedTimestamp: created + 1, userId: null, tags: {} });
        continue;
      }
      const { run } = g.pick(runs);
      versions.push({
        version: v,
        source: `runs:/${run.runId}/model`,
        runId: run.runId,
        description: g.chance(0.5) ? '' : g.text(40),
        currentStage: g.pick(['None', 'Staging', 'Production', 'Archived'] as const),
        creationTimestamp: created,
        lastUpdatedTimestamp: created + g.int(1000),
        userId: g.chance(0.3) ? null : g.text(8),
        tags: values(g, g.int(3), 50),
      });
    }
    const live = versions.filter((v) => v.currentStage !== 'Deleted_Internal');
    const aliasNames = new Set<string>();
    const aliases = live.length === 0 ? [] : Array.from({ length: g.int(3) }, () => {
      const alias = validName(() => g.text(10, ALIAS_CHARS), validateAlias, aliasNames);
      aliasNames.add(alias);
      return { alias, version: g.pick(live).version };
    }).sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
    const created = g.time();
    models.push({
      name,
      creationTimestamp: created,
      lastUpdatedTimestamp: created + g.int(1000),
      description: g.chance(0.5) ? '' : g.text(60),
      tags: values(g, g.int(3), 50),
      aliases,
      versions,
    });
  }
  return models;
}
