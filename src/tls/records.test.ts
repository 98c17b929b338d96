import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_RECORD_LENGTH, parseHandshakes, parseRecords, wrapRecords } from './records.js';

describe('parseRecords', () => {
  const cases: Array<{ name: string; input: Buffer; records: number; pending: number; error: RegExp | null }> = [
    { name: 'empty', input: Buffer.alloc(0), records: 0, pending: 0, error: null },
    { name: 'one alert', input: Buffer.from([21, 3, 3, 0, 2, 2, 40]), records: 1, pending: 0, error: null },
    { name: 'partial header', input: Buffer.from([22, 3]), records: 0, pending: 2, error: null },
    { name: 'partial body', input: Buffer.from([22, 3, 1, 0, 10, 1, 2]), records: 0, pending: 7, error: null },
    { name: 'HTTP text', input: Buffer.from('HTTP/1.1 400 Bad Request\r\n'), records: 0, pending: 0, error: /not TLS/ },
    { name: 'SSH banner', input: Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'), records: 0, pending: 0, error: /not TLS/ },
    { name: 'bad version byte', input: Buffer.from([22, 9, 1, 0, 1, 0]), records: 0, pending: 0, error: /not TLS/ },
    { name: '16 MB claim (max length field)', input: Buffer.from([22, 3, 3, 0xff, 0xff]), records: 0, pending: 0, error: /exceeds/ },
    { name: 'just over the limit', input: Buffer.from([22, 3, 3, (MAX_RECORD_LENGTH + 1) >> 8, (MAX_RECORD_LENGTH + 1) & 0xff]), records: 0, pending: 0, error: /exceeds/ },
    { name: 'record then garbage', input: Buffer.concat([Buffer.from([21, 3, 3, 0, 2, 2, 40]), Buffer.from('junk')]), records: 1, pending: 0, error: /not TLS/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = parseRecords(c.input);
      expect(r.records).toHaveLength(c.records);
      expect(r.pending).toBe(c.pending);
      if (c.error === null) { expect(r.error).toBeNull(); } else { expect(r.error).toMatch(c.error); }
    });
  }

  it('round-trips wrapRecords, splitting payloads over 16 KiB', () => {
    const payload = Buffer.alloc(40_000, 5);
    payload.set([11, 0, 0xc3, 0x50]);                 // a Certificate message claiming 50,000 bytes: incomplete
    const r = parseRecords(wrapRecords(22, 0x0303, payload));
    expect(r.records.map((x) => x.fragment.length)).toEqual([16_384, 16_384, 40_000 - 32_768]);
    expect(parseHandshakes(r.records).incomplete).toBe(true);
  });

  it('never throws and never returns more than it was given (fuzz)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      const buf = Buffer.from(bytes);
      const r = parseRecords(buf);
      const used = r.records.reduce((n, x) => n + 5 + x.fragment.length, 0);
      expect(used + r.pending).toBeLessThanOrEqual(buf.length);
      for (const rec of r.records) { expect(rec.fragment.length).toBeLessThanOrEqual(MAX_RECORD_LENGTH); }
      const h = parseHandshakes(r.records);
      for (const m of h.messages) { expect(m.body.length).toBeLessThanOrEqual(buf.length); }
    }), { numRuns: 2000 });
  });

  it('handles TLS-looking records with random bodies (fuzz)', () => {
    const rec = fc.record({ type: fc.integer({ min: 20, max: 24 }), body: fc.uint8Array({ maxLength: 300 }) })
      .map(({ type, body }) => wrapRecords(type, 0x0303, Buffer.from(body)));
    fc.assert(fc.property(fc.array(rec, { maxLength: 6 }), fc.nat(50), (recs, cut) => {
      const all = Buffer.concat(recs);
      const r = parseRecords(all.subarray(0, Math.max(0, all.length - cut)));
      expect(r.error).toBeNull();
      expect(() => parseHandshakes(r.records)).not.toThrow();
    }), { numRuns: 1000 });
  });
});

describe('parseHandshakes', () => {
  it('reassembles a message split across records and rejects oversized length claims', () => {
    const msg = Buffer.concat([Buffer.from([2, 0, 0, 6]), Buffer.from('abcdef')]);
    const recs = parseRecords(Buffer.concat([wrapRecords(22, 0x0303, msg.subarray(0, 5)), wrapRecords(22, 0x0303, msg.subarray(5))])).records;
    const h = parseHandshakes(recs);
    expect(h.messages).toHaveLength(1);
    expect(h.messages[0]?.body.toString()).toBe('abcdef');
    const huge = parseHandshakes(parseRecords(wrapRecords(22, 0x0303, Buffer.from([11, 0xff, 0xff, 0xff]))).records);
    expect(huge.error).toMatch(/exceeds/);
  });
});
