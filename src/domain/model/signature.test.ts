import { thrownTrackingError as thrown } from '../../test/expectErrors';
import { describe, expect, it } from 'vitest';
import type { Schema, SchemaDescription } from './signature';
import { buildSignature, schemaToJson, signatureToYamlFields } from './signature';

describe('buildSignature', () => {
  it('should turn column names into required double columns and a null batch dimension into -1', () => {
    expect(buildSignature({ inputs: { columns: ['a', 'b'] }, outputs: { tensor: { shape: [null, 3] } } })).toEqual({
      inputs: [{ type: 'double', name: 'a', required: true }, { type: 'double', name: 'b', required: true }],
      outputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 3] } }],
      params: null,
    });
  });

  it('should honour column types, optional columns, tensor names and dtypes', () => {
    const signature = buildSignature({
      inputs: { columns: ['x', { name: 'n', type: 'long', required: false }], type: 'float' },
      outputs: { tensor: { name: 'probs', dtype: 'float64', shape: [null, 2] } },
    });
    expect(signatureToYamlFields(signature)).toEqual({
      inputs: '[{"type": "float", "name": "x", "required": true}, {"type": "long", "name": "n", "required": false}]',
      outputs: '[{"name": "probs", "type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 2]}}]',
      params: null,
    });
  });

  it.each<[string, SchemaDescription, RegExp]>([
    ['no columns', { columns: [] }, /^signature\.inputs must list at least one column or tensor$/],
    ['a repeated column', { columns: ['a', 'a'] }, /^signature\.inputs\[1\]\.name "a" is used twice$/],
    ['an empty column name', { columns: [''] }, /^signature\.inputs\[0\]\.name must be a non-empty string/],
    ['a bad dtype', { tensor: { dtype: 'float', shape: [-1] } }, /tensor-spec\.dtype must be one of bool, int8/],
    ['a bad dimension', { tensor: { shape: [-2, 3] } }, /tensor-spec\.shape must be a list of whole numbers/],
    ['a fractional dimension', { tensor: { shape: [1.5] } }, /tensor-spec\.shape must be a list of whole numbers/],
  ])('should reject %s', (_label, inputs, message) => {
    const error = thrown(() => buildSignature({ inputs, outputs: { tensor: { shape: [null, 1] } } }));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toMatch(message);
  });
});

describe('schemaToJson', () => {
  it.each<[Schema, string]>([
    [[{ type: 'double', name: 'x', required: true }], '[{"type": "double", "name": "x", "required": true}]'],
    [[{ type: 'string' }], '[{"type": "string", "required": true}]'],
    [[{ type: 'tensor', 'tensor-spec': { dtype: 'int64', shape: [-1] } }], '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'],
    [[{ type: 'tensor', name: 'probs', 'tensor-spec': { dtype: 'float32', shape: [-1, 2] } }],
      '[{"name": "probs", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 2]}}]'],
    [[{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [] } }], '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": []}}]'],
    [[{ type: 'double', name: 'café "x"' }], '[{"type": "double", "name": "caf\\u00e9 \\"x\\"", "required": true}]'],
  ])('should write %j as MLflow does', (schema, json) => {
    expect(schemaToJson(schema)).toBe(json);
    expect(JSON.parse(json)).toBeInstanceOf(Array);
  });

  it('should put fields in MLflow order whatever order they were given in', () => {
    const schema = [{ required: false, name: 'x', type: 'double' }] as const;
    expect(schemaToJson(schema)).toBe('[{"type": "double", "name": "x", "required": false}]');
  });

  it.each<[string, unknown, RegExp]>([
    ['mixed columns and tensors', [{ type: 'double', name: 'a' }, { type: 'tensor', name: 'b', 'tensor-spec': { dtype: 'float32', shape: [1] } }],
      /^s\[1\] is a tensor but s\[0\] is not/],
    ['named and unnamed columns', [{ type: 'double', name: 'a' }, { type: 'double' }], /^s\[1\]: either every entry of s is named or none is$/],
    ['an unknown column type', [{ type: 'decimal', name: 'a' }], /^s\[0\]\.type must be one of boolean, integer, long/],
    ['a non-boolean required', [{ type: 'double', name: 'a', required: 'yes' }], /^s\[0\]\.required must be true or false$/],
    ['a non-array schema', { type: 'double' }, /^s must list at least one column or tensor$/],
  ])('should reject %s', (_label, schema, message) => {
    expect(() => schemaToJson(schema as Schema, 's')).toThrow(message);
  });
});
