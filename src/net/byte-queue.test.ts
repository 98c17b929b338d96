/** @module net/byte-queue.test — the dialer's receive buffer: linear copying against a trickling peer, exact bytes. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteQueue } from './byte-queue.js';

describe('ByteQueue', () => {
  it('copies a linear number of bytes for 100,000 one-byte chunks looked at after each (was quadratic)', () => {
    const q = new ByteQueue();
    const n = 100_000;
    let seen = 0;
    for (let i = 0; i < n; i++) {
      q.push(Buffer.from([i & 0xff]));
      seen = q.view().length; // what a read's until(data) is shown after every chunk
    }
    expect(seen).toBe(n);
    // appends (n) + doubling growth (< 2n): a re-concatenation per chunk would copy n²/2 = 5e9 bytes
    expect(q.copiedBytes).toBeLessThan(3 * n);
    const all = q.take(n);
    expect(all.length).toBe(n);
    expect(all[99_999]).toBe(99_999 & 0xff);
    expect(q.length).toBe(0);
  });

  it.each([
    { name: 'take less than queued keeps the rest in order', pushes: ['ab', 'cd', 'ef'], take: 3, want: 'abc', rest: 'def' },
    { name: 'take more than queued returns all', pushes: ['ab'], take: 10, want: 'ab', rest: '' },
    { name: 'empty chunks change nothing', pushes: ['', 'x', ''], take: 1, want: 'x', rest: '' },
    { name: 'take 0', pushes: ['abc'], take: 0, want: '', rest: 'abc' },
  ])('$name', ({ pushes, take, want, rest }) => {
    const q = new ByteQueue();
    for (const p of pushes) { q.push(Buffer.from(p)); }
    expect(q.take(take).toString()).toBe(want);
    expect(q.view().toString()).toBe(rest);
  });

  it('a taken buffer is a copy: later pushes do not change it', () => {
    const q = new ByteQueue();
    q.push(Buffer.from('hello world'));
    const first = q.take(5);
    q.push(Buffer.from('XXXXXXXXXXXX'));
    expect(first.toString()).toBe('hello');
    expect(q.view().toString()).toBe(' worldXXXXXXXXXXXX');
  });

  it('behaves like plain concatenation for any pushes and takes (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 3000 }).map((b) => ({ push: Buffer.from(b) })), fc.nat(5000).map((n) => ({ take: n }))), { maxLength: 60 }), (ops) => {
      const q = new ByteQueue();
      let model = Buffer.alloc(0);
      for (const op of ops) {
        if ('push' in op) { q.push(op.push); model = Buffer.concat([model, op.push]); } else {
          expect(q.take(op.take).equals(model.subarray(0, op.take))).toBe(true);
          model = model.subarray(Math.min(op.take, model.length));
        }
        expect(q.view().equals(model)).toBe(true);
      }
    }));
  });
});
