/**
 * @module store/pg-guard — bounds what a PostgreSQL server can make the client hold: the socket pg uses is watched
 * for the protocol's message framing (1 type byte, a 4-byte length), and a message longer than the cap — or any byte
 * stream that is not framed as the protocol says — destroys the connection with GH_ERR_STORE before pg buffers it.
 * Without it a port that streams bytes forever makes pg-protocol buffer ~1 GB per "message" (ERR_STRING_TOO_LONG,
 * gigabytes of RSS). Only for plain connections: under TLS the raw bytes are TLS records, and a server that does
 * not answer the SSL request with one byte is refused by pg itself.
 */
import { Socket } from 'node:net';
import { GatehouseError } from '../errors/index.js';

/** The largest backend message accepted (a row of scan history is one host's JSON document: well below this). */
export const PG_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Follows the backend's message framing across chunks; returns an error text at the first violation. */
export class PgFrameWatch {
  private header = Buffer.alloc(0);
  private remaining = 0;               // body bytes of the current message still to come
  constructor(private readonly max: number = PG_MAX_MESSAGE_BYTES) {}

  /** Feeds one chunk; a string when the stream breaks the framing or the cap. */
  feed(chunk: Buffer): string | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        continue;
      }
      const need = 5 - this.header.length;
      const take = chunk.subarray(i, i + need);
      this.header = Buffer.concat([this.header, take]);
      i += take.length;
      if (this.header.length < 5) { break; }
      const len = this.header.readUInt32BE(1);
      this.header = Buffer.alloc(0);
      if (len < 4) { return `the server sent a malformed message (length ${len})`; }
      if (len > this.max) { return `the server sent a ${len}-byte message (limit ${this.max}): not a PostgreSQL server, or a misbehaving one`; }
      this.remaining = len - 4;
    }
    return null;
  }
}

/** A `stream` factory for pg's client config: a net.Socket destroyed at the first oversized or malformed message. */
export function guardedSocket(max: number = PG_MAX_MESSAGE_BYTES): (config?: { ssl?: unknown }) => Socket {
  return (config) => {
    const socket = new Socket();
    if (config?.ssl !== undefined && config.ssl !== false) { return socket; } // TLS records, not messages: pg answers the SSL request itself
    const watch = new PgFrameWatch(max);
    const check = (chunk: Buffer | string): void => {
      const why = watch.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (why !== null) {
        socket.removeListener('data', check);
        socket.destroy(new GatehouseError('GH_ERR_STORE', why));
      }
    };
    socket.prependListener('data', check);
    return socket;
  };
}
