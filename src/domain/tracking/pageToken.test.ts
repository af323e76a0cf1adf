import { describe, expect, it } from 'vitest';
import { TrackingError } from '../errors';
import { decodePageToken, encodePageToken } from './pageToken';

describe('encodePageToken', () => {
  it("should encode MLflow's base64 JSON {\"offset\": N}", () => {
    expect(JSON.parse(atob(encodePageToken(25)))).toEqual({ offset: 25 });
  });
});

describe('decodePageToken', () => {
  it.each([[0], [1], [1000], [49_999], [2 ** 40]])('should round-trip the offset %i', (offset) => {
    expect(decodePageToken(encodePageToken(offset))).toBe(offset);
  });

  it.each([[null], [undefined], ['']])('should read %j as the first page', (token) => {
    expect(decodePageToken(token)).toBe(0);
  });

  it('should read a token with other fields next to offset', () => {
    expect(decodePageToken(btoa(JSON.stringify({ offset: 3, extra: true })))).toBe(3);
  });

  it.each([
    ['not base64', '%%% not base64 %%%'],
    ['non-latin text', 'résumé'],
    ['base64 of non-JSON', btoa('offset=5')],
    ['base64 of a JSON number', btoa('5')],
    ['base64 of null', btoa('null')],
    ['base64 of an array', btoa('[5]')],
    ['base64 of an object without offset', btoa('{"page":2}')],
    ['a negative offset', btoa('{"offset":-1}')],
    ['a float offset', btoa('{"offset":1.5}')],
    ['a string offset', btoa('{"offset":"5"}')],
    ['a null offset', btoa('{"offset":null}')],
  ])('should reject %s with INVALID_PARAMETER_VALUE quoting the token', (_label, token) => {
    let caught: unknown;
    try {
      decodePageToken(token);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TrackingError);
    if (!(caught instanceof TrackingError)) return;
    expect(caught.code).toBe('INVALID_PARAMETER_VALUE');
    expect(caught.message).toBe(`Invalid page token "${token}".`);
  });
});
