import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ErrorCodes, UsageError } from '../src/errors/index.js';

describe('error catalogue', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ErrorCodes)) { expect(doc, code).toContain(`\`${code}\``); }
  });
  it('usage errors exit 2 and keep their code', () => {
    const e = new UsageError('GH_ERR_PORT_SYNTAX', 'bad');
    expect(e.exitCode).toBe(2);
    expect(e.code).toBe('GH_ERR_PORT_SYNTAX');
  });
});
