/**
 * @module tls/starttls.fuzz.test — property tests for the STARTTLS reply parsers (server bytes are untrusted): for
 * every dialect, any sequence of server replies, cut into any chunks, either reaches the TLS point or is refused
 * with GH_ERR_STARTTLS and a bounded, escaped message — never another exception, never an unbounded read.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Socket } from 'node:net';
import type { Conn, ReadOptions, ReadResult } from '../net/dialer.js';
import { isGatehouseError } from '../errors/index.js';
import { starttls, STARTTLS_KINDS } from './starttls.js';

/** A Conn fed from a script: each read takes the next reply, delivered chunk by chunk like a socket would. */
function scriptedConn(replies: Array<{ bytes: Uint8Array; cuts: number[] }>): Conn & { reads: number; overRead: boolean } {
  const conn = {
    exchanges: [], socket: null as unknown as Socket, closed: false, reads: 0, overRead: false,
    write(): void { /* what the preamble sends is not under test here */ },
    close(): void { conn.closed = true; },
    read(opts: ReadOptions = {}): Promise<ReadResult> {
      const r = replies[conn.reads++];
      const max = opts.maxBytes ?? 65_536;
      if (r === undefined) { return Promise.resolve({ data: Buffer.alloc(0), end: 'timeout' }); }
      const all = Buffer.from(r.bytes);
      let data = Buffer.alloc(0);
      for (const at of [...r.cuts.filter((c) => c > 0 && c < all.length).sort((a, b) => a - b), all.length]) {
        data = all.subarray(0, Math.min(at, max));
        if (opts.until?.(data) === true) { return Promise.resolve({ data, end: 'complete' }); }
        if (data.length >= max) { return Promise.resolve({ data, end: 'max-bytes' }); }
      }
      if (data.length > max) { conn.overRead = true; }
      return Promise.resolve({ data, end: 'eof' });
    },
    exchange(_data: Buffer | string | null, opts?: ReadOptions): Promise<ReadResult> { return conn.read(opts); },
  };
  return conn;
}

// Tokens the dialects look for, so runs reach past the greeting as well as failing at it.
const TOKENS = ['220 ', '220-', '250 ', '250-', '234 ', 'STARTTLS', 'starttls', '\r\n', '\n', '* OK ', '* PREAUTH', 'gh1 OK', 'gh1 NO',
  '+OK', '-ERR', '<starttls/>', '</stream:features>', '<stream:error/>', '<proceed/>', '<failure/>', 'S', 'N', '\x78', '\x0a\x01\x00', '\x30\x0c', '\x00\x00\x00', '\x0a'];
const reply = fc.record({
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((t) => new Uint8Array(Buffer.from(t.join(''), 'latin1'))),
    fc.nat({ max: 255 }).map((b) => new Uint8Array(8500).fill(b)),   // longer than any read may take
  ),
  cuts: fc.array(fc.nat({ max: 9000 }), { maxLength: 4 }),
});

describe('starttls reply parsers: fuzzed server replies', () => {
  for (const kind of STARTTLS_KINDS) {
    it(`${kind}: reaches TLS or refuses with GH_ERR_STARTTLS, bounded`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(reply, { maxLength: 4 }), async (replies) => {
        const conn = scriptedConn(replies);
        try {
          await starttls(kind, conn, 'mail.test', 50);
        } catch (err) {
          expect(isGatehouseError(err) && err.code === 'GH_ERR_STARTTLS', String(err)).toBe(true);
          const msg = (err as Error).message;
          expect(msg.length).toBeLessThan(1000);   // 200 bytes of evidence, each escaped to at most 4 characters
          expect([...msg].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toBe(false);   // escaped, never raw
        }
        expect(conn.reads).toBeLessThanOrEqual(3);
        expect(conn.overRead).toBe(false);
      }), { numRuns: 200 });
    });
  }

  it('mysql: a handshake offering CLIENT_SSL reaches TLS whatever else it holds', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40, unit: fc.constantFrom(...'0123456789.-abcdefXYZ') }), fc.uint8Array({ minLength: 20, maxLength: 60 }), async (version, tail) => {
      const body = Buffer.concat([Buffer.from([10]), Buffer.from(`${version}\0`, 'latin1'), Buffer.alloc(4), Buffer.alloc(8, 0x61), Buffer.from([0]), Buffer.from([0x00, 0x08]), Buffer.from(tail)]);
      const conn = scriptedConn([{ bytes: Buffer.concat([Buffer.from([body.length, 0, 0, 0]), body]), cuts: [] }]);
      await expect(starttls('mysql', conn, 'db.test', 50)).resolves.toBeUndefined();
    }), { numRuns: 200 });
  });
});
