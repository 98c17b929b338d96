/**
 * @module tls/reader — a bounds-checked cursor over untrusted bytes. Every read past the end throws `ShortRead`,
 * which the parsers catch at their edge and turn into an error value; nothing else escapes.
 */

export class ShortRead extends Error {
  constructor(what: string) { super(`truncated: ${what}`); this.name = 'ShortRead'; }
}

export class Reader {
  private off = 0;
  constructor(private readonly buf: Buffer) {}

  get remaining(): number { return this.buf.length - this.off; }
  get offset(): number { return this.off; }

  u8(what = 'u8'): number { this.need(1, what); const v = this.buf[this.off] as number; this.off += 1; return v; }
  u16(what = 'u16'): number { this.need(2, what); const v = this.buf.readUInt16BE(this.off); this.off += 2; return v; }
  u24(what = 'u24'): number { this.need(3, what); const v = this.buf.readUIntBE(this.off, 3); this.off += 3; return v; }
  bytes(n: number, what = 'bytes'): Buffer { this.need(n, what); const v = this.buf.subarray(this.off, this.off + n); this.off += n; return v; }
  vec8(what = 'vector'): Buffer { return this.bytes(this.u8(what), what); }
  vec16(what = 'vector'): Buffer { return this.bytes(this.u16(what), what); }
  vec24(what = 'vector'): Buffer { return this.bytes(this.u24(what), what); }
  rest(): Buffer { const v = this.buf.subarray(this.off); this.off = this.buf.length; return v; }

  private need(n: number, what: string): void {
    if (n < 0 || this.off + n > this.buf.length) { throw new ShortRead(what); }
  }
}

/** Runs a parser; a ShortRead (or any bound violation it raised) becomes `{ error }`. */
export function safely<T>(fn: () => T): { value: T; error: null } | { value: null; error: string } {
  try {
    return { value: fn(), error: null };
  } catch (err) {
    if (err instanceof ShortRead || err instanceof RangeError) { return { value: null, error: err.message }; }
    throw err;
  }
}
