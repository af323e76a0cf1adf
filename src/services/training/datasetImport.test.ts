import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import { DOWNLOADABLE_DATASETS } from '../../domain/datasets/builtinSources';
import { sha256Hex } from '../../domain/ml/digest';
import { ensureBuiltinDataset, importDataset } from './datasetImport';
import { rejectionOf } from '../../test/expectErrors';

let db: TrainyardDB;
let client: TrackingClient;

beforeEach(async () => {
  db = new TrainyardDB(`datasets-${crypto.randomUUID()}`);
  await db.open();
  client = new TrackingClient({ db });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await client.close();
  await db.delete();
});

const WINE_HEADER =
  '"fixed acidity";"volatile acidity";"citric acid";"residual sugar";"chlorides";"free sulfur dioxide";"total sulfur dioxide";"density";"pH";"sulphates";"alcohol";"quality"';
const WINE_TEXT = `${WINE_HEADER}\n7.4;0.7;0;1.9;0.076;11;34;0.9978;3.51;0.56;9.4;5\n7.8;0.88;0;2.6;0.098;25;67;0.9968;3.2;0.68;9.8;5\n`;

describe('importDataset', () => {
  it('should parse, digest and store a tabular CSV and return its id', async () => {
    const id = await importDataset(client, 'x1,x2,y\n1,2,3\n4,5,6\n', { fileName: 'small.csv' });
    expect(id).toMatch(/^ds-/);
    const row = await client.getDataset(id);
    expect(row).toMatchObject({ kind: 'tabular', fileName: 'small.csv', source: 'import', summary: { rows: 2, columns: ['x1', 'x2', 'y'] } });
    expect(row.sha256).toBe(await sha256Hex('x1,x2,y\n1,2,3\n4,5,6\n'));
  });

  it('should recognise labelled text and count its labels', async () => {
    const id = await importDataset(client, 'text,label\nstocks rise,markets\nrain today,weather\n', { fileName: 'news.csv' });
    expect((await client.getDataset(id)).summary).toEqual({ rows: 2, labels: 2 });
  });

  it.each([
    ['a ragged row', 'a,b\n1,2\n3\n', 'line 3'],
    ['a non-number', 'a,b\n1,2\n3,x\n4,5\n5,6\n6,7\n7,8\n8,9\n9,10\n10,11\n11,12\n', 'line 3'],
    ['an empty file', '', 'bad.csv'],
  ])('should refuse %s with a message naming the place, and store nothing', async (_label, text, where) => {
    const error = await rejectionOf(importDataset(client, text, { fileName: 'bad.csv' }));
    expect(error.message).toContain('bad.csv');
    expect(error.message).toContain(where);
    expect(await client.listDatasets()).toEqual([]);
  });
});

describe('ensureBuiltinDataset', () => {
  const red = DOWNLOADABLE_DATASETS[0];

  function serve(text: string) {
    const fetchMock = vi.fn(async () => new Response(text, { status: 200, headers: { 'content-length': String(text.length) } }));
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  }

  const sharedRed = new URL('../../../../shared/datasets/winequality-red.csv', import.meta.url);
  const haveShared = existsSync(sharedRed);
  if (!haveShared) console.info(`skipping the real-file download test: ${sharedRed.pathname} is absent`);

  it.skipIf(!haveShared)('should store the real file with progress reported, and parse it to 1,599 rows', async () => {
    serve(readFileSync(sharedRed, 'latin1'));
    const progress: Array<[number, number]> = [];
    await ensureBuiltinDataset(client, 'builtin:wine-red', (loaded, total) => progress.push([loaded, total]));
    const row = await client.getDataset('builtin:wine-red');
    expect(row).toMatchObject({ sha256: red?.sha256, size: 84_199, summary: { rows: 1599 } });
    expect(progress.at(-1)).toEqual([84_199, 84_199]);
  });

  it('should refuse bytes whose sha256 is not the expected one, and store nothing', async () => {
    serve(WINE_TEXT);
    const error = await rejectionOf(ensureBuiltinDataset(client, 'builtin:wine-red'));
    expect(error.message).toContain('winequality-red.csv is not the expected file');
    expect(await client.listDatasets()).toEqual([]);
  });

  it('should say how to go on when the download fails (offline)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await rejectionOf(ensureBuiltinDataset(client, 'builtin:wine-red'));
    expect(error.message).toMatch(/Could not download winequality-red\.csv .*Failed to fetch.*import the file from disk/);
  });

  it('should report a server error status', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('nope', { status: 404 })));
    expect((await rejectionOf(ensureBuiltinDataset(client, 'builtin:wine-red'))).message).toContain('answered 404');
  });

  it('should not download again once stored, and skip datasets that ship with the app', async () => {
    const fetchMock = serve('unused');
    await client.saveDataset({
      datasetId: 'builtin:wine-red',
      name: red?.name ?? '',
      kind: 'tabular',
      fileName: 'winequality-red.csv',
      source: 'download',
      url: red?.url ?? null,
      sha256: red?.sha256 ?? '',
      size: 1,
      createdTime: 1,
      blob: new Blob([WINE_TEXT]),
      summary: { rows: 2 },
    });
    await ensureBuiltinDataset(client, 'builtin:wine-red');
    await ensureBuiltinDataset(client, 'builtin:brown');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
