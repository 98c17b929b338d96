// rsync daemon protocol codec: table-driven cases (the file-list reply is real bytes from the lab's rsync 3.2.7
// daemon at protocol 29) and a fast-check property (random or mutated bytes never throw; results stay bounded).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { demux, listArgs, moduleAnswerComplete, parseFileList, parseModuleAnswer } from './rsync.js';

/** Seed, one MSG_DATA frame: "." (directory, 4096 bytes) and README (19 bytes), the end flag, io_error 0. */
const REAL = Buffer.from('2ea21f6b2400000719012e001000008b310f6bed4100009806524541444d4513000000a48100000000000000', 'hex');

describe('rsync codec', () => {
  it.each([
    ['@RSYNCD: OK\n', { kind: 'ok' }],
    ['@RSYNCD: AUTHREQD 2q5J0Vx3YdLt9lKQFZUpZw\n', { kind: 'auth', challenge: '2q5J0Vx3YdLt9lKQFZUpZw' }],
    ['@ERROR: access denied to private from unknown (10.77.0.1)\n', { kind: 'error', message: '@ERROR: access denied to private from unknown (10.77.0.1)' }],
    ['@ERROR: Unknown module \'x\'\n', { kind: 'error' }],
    ['hello\n', null],
  ])('module answer %j', (input, want) => {
    const got = parseModuleAnswer(input);
    if (want === null) { expect(got).toBeNull(); } else { expect(got).toMatchObject(want); }
  });
  it('answer completeness', () => {
    expect(moduleAnswerComplete(Buffer.from('@RSYNCD: OK\n'))).toBe(true);
    expect(moduleAnswerComplete(Buffer.from('@RSYNCD: AUTHREQD abc\n'))).toBe(true);
    expect(moduleAnswerComplete(Buffer.from('@RSYNCD: O'))).toBe(false);
  });
  it('a real file list (protocol 29): "." and README', () => {
    const d = demux(REAL);
    expect(d.messages).toEqual([]);
    expect(parseFileList(d.data)).toEqual({ ended: true, entries: [
      { name: '.', size: 4096, mode: 0o40755, dir: true },
      { name: 'README', size: 19, mode: 0o100644, dir: false },
    ] });
  });
  it('an error message frame is kept as text, not data', () => {
    const msg = Buffer.from('@ERROR: chroot failed\n');
    const h = Buffer.alloc(4);
    h.writeUInt32LE(((7 + 3) << 24) | msg.length, 0);
    expect(demux(Buffer.concat([Buffer.alloc(4), h, msg]))).toMatchObject({ data: Buffer.alloc(0), messages: ['@ERROR: chroot failed'] });
  });
  it.each([
    ['truncated list', REAL.subarray(0, 30)],
    ['no seed', Buffer.alloc(3)],
  ])('near miss: %s → no complete list', (_n, input) => {
    expect(parseFileList(demux(input).data).ended).toBe(false);
  });
  it('list arguments end with an empty line', () => { expect(listArgs('public')).toBe('--server\n--sender\n-d\n.\npublic/\n\n'); });
  it('fuzz: demux + parseFileList never throw, stay bounded', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 1024 }).map((a) => Buffer.from(a)),
      fc.tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })).map(([cut, flips]) => {
        const b = Buffer.from(REAL.subarray(0, 1 + (cut % REAL.length)));
        for (const [at, v] of flips) { b[at % b.length] = v; }
        return b;
      }),
    );
    fc.assert(fc.property(input, (b) => {
      const d = demux(b);
      const l = parseFileList(d.data);
      expect(l.entries.length).toBeLessThanOrEqual(64);
      for (const e of l.entries) { expect(e.name.length).toBeLessThanOrEqual(255); }
      parseModuleAnswer(b.toString('latin1'));
      return d.messages.length <= 16;
    }), { numRuns: 500 });
  });
});
