/**
 * @module net/byte-queue — the bytes a connection received and nobody has read yet, in one growable buffer: a chunk
 * is appended by copying only itself (the capacity doubles when full), so looking at everything received so far
 * (`view`, what a read's `until(data)` is asked about after every chunk) costs nothing. Re-concatenating the whole
 * buffer on every chunk instead is quadratic against a peer that trickles its reply a few bytes at a time.
 */

const MIN_CAPACITY = 1024;

export class ByteQueue {
  private buf: Buffer = Buffer.allocUnsafe(0);
  private len = 0;
  /** Bytes copied so far (appends, growth, takes): linear in the bytes received (tests check the bound). */
  copiedBytes = 0;

  get length(): number { return this.len; }

  push(chunk: Buffer): void {
    if (chunk.length === 0) { return; }
    if (this.len + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(MIN_CAPACITY, this.buf.length * 2, this.len + chunk.length));
      this.buf.copy(grown, 0, 0, this.len);
      this.copiedBytes += this.len;
      this.buf = grown;
    }
    chunk.copy(this.buf, this.len);
    this.copiedBytes += chunk.length;
    this.len += chunk.length;
  }

  /** Everything queued, without copying: valid until the next push or take. */
  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Removes and returns (a copy of) the first `n` bytes; the rest moves to the front. */
  take(n: number): Buffer {
    const k = Math.min(n, this.len);
    const out = Buffer.from(this.buf.subarray(0, k));
    this.buf.copy(this.buf, 0, k, this.len);
    this.copiedBytes += this.len;
    this.len -= k;
    if (this.len === 0 && this.buf.length > 64 * MIN_CAPACITY) { this.buf = Buffer.allocUnsafe(0); } // a long reply's room is not kept
    return out;
  }
}
