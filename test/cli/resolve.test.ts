// --resolve name:address (scan a name at a pinned address, no DNS): parsing and its usage errors.
import { describe, expect, it } from 'vitest';
import { parseResolve } from '../../src/cli/scan.js';
import { isGatehouseError } from '../../src/errors/index.js';

describe('--resolve', () => {
  it.each([
    ['web.lab:10.0.0.5', { 'web.lab': ['10.0.0.5'] }],
    ['Web.Lab:10.0.0.5,web.lab:10.0.0.6', { 'web.lab': ['10.0.0.5', '10.0.0.6'] }],
    ['v6.lab:[::1]', { 'v6.lab': ['::1'] }],
    ['a.lab:127.0.0.1 b.lab:127.0.0.2', { 'a.lab': ['127.0.0.1'], 'b.lab': ['127.0.0.2'] }],
  ])('%s', (input, want) => {
    expect(Object.fromEntries(parseResolve(input))).toEqual(want);
  });
  it.each(['web.lab', 'web.lab:', ':10.0.0.1', 'web.lab:not-an-ip', '10.0.0.1:10.0.0.2'])('%s is a usage error', (input) => {
    let err: unknown;
    try { parseResolve(input); } catch (e) { err = e; }
    expect(isGatehouseError(err) && err.code).toBe('GH_ERR_OPTION');
  });
});
