import { thrownTrackingError as thrown } from '../../test/expectErrors';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MlmodelOptions } from './mlmodel';
import { buildMlmodel, buildMlmodelYaml, buildSignature, formatUtcTimeCreated, newModelUuid } from './mlmodel';

const RUN_ID = 'fedcba9876543210fedcba9876543210';

const FIXED: MlmodelOptions = {
  runId: RUN_ID,
  artifactPath: 'model',
  tfjsVersion: '4.22.0',
  utcTimeCreated: new Date(Date.UTC(2024, 2, 5, 7, 8, 9, 12)),
  modelUuid: '0123456789abcdef0123456789abcdef',
  mlflowVersion: '2.12',
  modelSizeBytes: 12345,
  signature: buildSignature({
    inputs: { columns: ['fixed acidity', 'alcohol'] },
    outputs: { tensor: { shape: [null, 1] } },
  }),
  inputExample: { artifactPath: 'input_example.json', type: 'dataframe', pandasOrient: 'split' },
};

const EXPECTED_YAML = `artifact_path: model
flavors:
  tfjs:
    model_format: layers-model
    model_json: model.json
    tfjs_version: 4.22.0
mlflow_version: '2.12'
model_size_bytes: 12345
model_uuid: 0123456789abcdef0123456789abcdef
run_id: fedcba9876543210fedcba9876543210
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  type: dataframe
signature:
  inputs: '[{"type": "double", "name": "fixed acidity", "required": true}, {"type": "double", "name": "alcohol", "required": true}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}}]'
  params: null
utc_time_created: '2024-03-05 07:08:09.012000'
`;

describe('buildMlmodelYaml', () => {
  it('should match the hand-written MLmodel for a fixed input', () => {
    expect(buildMlmodelYaml(FIXED)).toBe(EXPECTED_YAML);
  });

  it.each(['1.1', '1.2'] as const)('should parse back (YAML %s rules) to the same structure', (version) => {
    expect(parse(buildMlmodelYaml(FIXED), { version })).toEqual(buildMlmodel(FIXED));
  });

  it('should write signature fields as JSON strings with MLflow shapes', () => {
    const doc = parse(buildMlmodelYaml(FIXED)) as { signature: { inputs: string; outputs: string; params: null } };
    expect(typeof doc.signature.inputs).toBe('string');
    expect(JSON.parse(doc.signature.inputs)).toEqual([
      { type: 'double', name: 'fixed acidity', required: true },
      { type: 'double', name: 'alcohol', required: true },
    ]);
    expect(JSON.parse(doc.signature.outputs)).toEqual([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 1] } }]);
    expect(doc.signature.params).toBeNull();
  });

  it('should sort keys at every level and use block style', () => {
    const text = buildMlmodelYaml(FIXED);
    const topKeys = text.split('\n').filter((line) => /^\w/.test(line)).map((line) => line.split(':')[0]);
    expect(topKeys).toEqual([...topKeys].sort());
    expect(text).not.toMatch(/[{]\s*\w+:/); // no flow mappings outside the JSON strings
  });

  it('should write the trainyard_forest flavor for a random forest, instead of tfjs', () => {
    const { tfjsVersion: _unused, ...rest } = FIXED;
    void _unused;
    const doc = parse(buildMlmodelYaml({ ...rest, forest: { task: 'regression', nEstimators: 200 } })) as { flavors: Record<string, unknown> };
    expect(doc.flavors).toEqual({ trainyard_forest: { forest_json: 'forest.json', format_version: 1, task: 'regression', n_estimators: 200 } });
    expect(() => buildMlmodel({ ...FIXED, forest: { task: 'regression', nEstimators: 200 } })).toThrow('exactly one of tfjsVersion');
    expect(() => buildMlmodel({ ...rest })).toThrow('exactly one of tfjsVersion');
    expect(() => buildMlmodel({ ...rest, forest: { task: 'regression', nEstimators: 0 } })).toThrow('forest.nEstimators must be a whole number of trees');
  });

  it('should omit optional fields that were not given', () => {
    const doc = parse(buildMlmodelYaml({ runId: RUN_ID, artifactPath: 'model', tfjsVersion: '4.22.0', utcTimeCreated: new Date(0) })) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['artifact_path', 'flavors', 'model_uuid', 'run_id', 'utc_time_created']);
    expect(doc.model_uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(doc.utc_time_created).toBe('1970-01-01 00:00:00.000000');
  });

  it('should accept the tensor signature TF.js autolog builds (named tensors) and an ndarray example', () => {
    const text = buildMlmodelYaml({
      ...FIXED,
      signature: {
        inputs: [{ type: 'tensor', name: 'dense_Dense1_input', 'tensor-spec': { dtype: 'float32', shape: [-1, 1000] } }],
        outputs: [{ type: 'tensor', name: 'dense_Dense2/Softmax', 'tensor-spec': { dtype: 'float32', shape: [-1, 15] } }],
      },
      inputExample: { artifactPath: 'input_example.json', type: 'ndarray' },
    });
    expect(text).toContain(`  inputs: '[{"name": "dense_Dense1_input", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1000]}}]'`);
    expect(text).toContain('saved_input_example_info:\n  artifact_path: input_example.json\n  type: ndarray\n');
  });

  it.each([
    'yes', 'on', 'No', 'null', '~', '123', '0123', '0o17', '0x1F', '1e5', '.5', '4.22', '1:20', '2024-01-01',
    '2024-01-01 00:00:00', '<<', '=', '.inf', 'True', '- x', '#x', 'a: b', "it's", 'say "hi"', 'line\nbreak',
    ' padded ', 'tab\there', 'ünïcødé ✓ 😀', '\u0001ctl', '[x]', '{x}', '*anchor', '&ref', '!tag', '%dir', '@at', '`tick',
  ])('should keep the string %j a string in both YAML 1.1 and 1.2 readers', (value) => {
    const text = buildMlmodelYaml({ ...FIXED, artifactPath: value, tfjsVersion: value, mlflowVersion: value });
    for (const version of ['1.1', '1.2'] as const) {
      const doc = parse(text, { version }) as { artifact_path: unknown; mlflow_version: unknown; flavors: { tfjs: { tfjs_version: unknown } } };
      expect(doc.artifact_path).toBe(value);
      expect(doc.mlflow_version).toBe(value);
      expect(doc.flavors.tfjs.tfjs_version).toBe(value);
    }
  });

  it.each<[string, Partial<MlmodelOptions>, RegExp]>([
    ['a bad run id', { runId: 'not a run id!' }, /^runId must be a run id/],
    ['an uppercase model uuid', { modelUuid: '0123456789ABCDEF0123456789ABCDEF' }, /^modelUuid must be 32 lowercase hex/],
    ['a short model uuid', { modelUuid: 'abc' }, /^modelUuid must be 32 lowercase hex/],
    ['a negative size', { modelSizeBytes: -1 }, /^modelSizeBytes must be a whole number/],
    ['a fractional size', { modelSizeBytes: 1.5 }, /^modelSizeBytes must be a whole number/],
    ['an empty artifact path', { artifactPath: ' ' }, /^artifactPath must be non-empty text/],
    ['an empty tfjs version', { tfjsVersion: '' }, /^tfjsVersion must be non-empty text/],
    ['an empty mlflow version', { mlflowVersion: '' }, /^mlflowVersion must be non-empty text/],
    ['an invalid date', { utcTimeCreated: new Date(Number.NaN) }, /^utcTimeCreated must be a valid date/],
    ['pandas orient on an ndarray', { inputExample: { artifactPath: 'input_example.json', type: 'ndarray', pandasOrient: 'split' } }, /only to dataframe/],
    ['an empty signature', { signature: { inputs: [], outputs: FIXED.signature?.outputs ?? [] } }, /^signature\.inputs must list at least one/],
  ])('should reject %s with INVALID_PARAMETER_VALUE', (_label, patch, message) => {
    const error = thrown(() => buildMlmodelYaml({ ...FIXED, ...patch }));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toMatch(message);
  });
});

describe('formatUtcTimeCreated', () => {
  it.each<[Date, string]>([
    [new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 0)), '2024-01-01 00:00:00.000000'],
    [new Date(Date.UTC(2024, 11, 31, 23, 59, 59, 999)), '2024-12-31 23:59:59.999000'],
    [new Date(Date.UTC(2024, 1, 29, 12, 3, 4, 5)), '2024-02-29 12:03:04.005000'],
    [new Date('2024-06-01T02:30:00.120+02:00'), '2024-06-01 00:30:00.120000'],
  ])('should format %s as naive UTC with microseconds', (date, text) => {
    expect(formatUtcTimeCreated(date)).toBe(text);
  });

  it('should zero-pad years before 1000', () => {
    const date = new Date(0);
    date.setUTCFullYear(50, 0, 2);
    expect(formatUtcTimeCreated(date)).toBe('0050-01-02 00:00:00.000000');
  });

  it('should reject years Python cannot represent', () => {
    const date = new Date(0);
    date.setUTCFullYear(10_000);
    expect(() => formatUtcTimeCreated(date)).toThrow('years 1 to 9999; got 10000');
  });
});

describe('newModelUuid', () => {
  it('should make distinct uuid4 hex strings', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newModelUuid()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });
});
