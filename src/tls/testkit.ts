/**
 * @module tls/testkit — test-only builders for what a TLS server sends (ServerHello, Certificate, ServerKeyExchange,
 * ServerHelloDone, alerts, SSLv2 SERVER-HELLO) and a scripted loopback server. Used by the unit, fuzz and robustness
 * tests; nothing in the product imports it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { CT_ALERT, CT_HANDSHAKE, parseHandshakes, parseRecords, wrapRecords } from './records.js';
import { Reader } from './reader.js';

export function handshake(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h.writeUIntBE(body.length, 1, 3);
  return Buffer.concat([h, body]);
}

export function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16BE(n, 0); return b; }
export function v8(b: Buffer): Buffer { return Buffer.concat([Buffer.from([b.length]), b]); }
export function v16(b: Buffer): Buffer { return Buffer.concat([u16(b.length), b]); }
export function v24(b: Buffer): Buffer { const h = Buffer.alloc(3); h.writeUIntBE(b.length, 0, 3); return Buffer.concat([h, b]); }

export interface ServerHelloSpec {
  version?: number;               // legacy_version, default 0x0303
  cipher: number;
  random?: Buffer;
  extensions?: Array<[number, Buffer]>;
}

export function serverHelloBody(s: ServerHelloSpec): Buffer {
  const exts = (s.extensions ?? []).map(([t, d]) => Buffer.concat([u16(t), v16(d)]));
  return Buffer.concat([
    u16(s.version ?? 0x0303), s.random ?? Buffer.alloc(32, 7), v8(Buffer.alloc(0)), u16(s.cipher), Buffer.from([0]),
    ...(exts.length > 0 ? [v16(Buffer.concat(exts))] : []),
  ]);
}

export function certificateBody(ders: Buffer[]): Buffer { return v24(Buffer.concat(ders.map(v24))); }

export function dheKeyExchangeBody(primeBytes: number): Buffer {
  const p = Buffer.alloc(primeBytes, 0xff);
  return Buffer.concat([v16(p), v16(Buffer.from([2])), v16(Buffer.alloc(primeBytes, 3)), Buffer.alloc(64)]);
}

export function ecdheKeyExchangeBody(group: number): Buffer {
  return Buffer.concat([Buffer.from([3]), u16(group), v8(Buffer.alloc(65, 4)), Buffer.alloc(64)]);
}

/** A whole server flight as records: the handshake messages in one or more records. */
export function flight(messages: Buffer[], version = 0x0303): Buffer {
  return wrapRecords(CT_HANDSHAKE, version, Buffer.concat(messages));
}

export function alertRecord(description: number, level = 2, version = 0x0303): Buffer {
  return wrapRecords(CT_ALERT, version, Buffer.from([level, description]));
}

export function ssl2ServerHello(cert: Buffer, ciphers: number[]): Buffer {
  const specs = Buffer.alloc(ciphers.length * 3);
  ciphers.forEach((c, i) => specs.writeUIntBE(c, i * 3, 3));
  const connId = Buffer.alloc(16, 9);
  const head = Buffer.alloc(11);
  head[0] = 4; head[1] = 0; head[2] = 1;
  head.writeUInt16BE(0x0002, 3);
  head.writeUInt16BE(cert.length, 5);
  head.writeUInt16BE(specs.length, 7);
  head.writeUInt16BE(connId.length, 9);
  const body = Buffer.concat([head, cert, specs, connId]);
  return Buffer.concat([Buffer.from([0x80 | (body.length >> 8), body.length & 0xff]), body]);
}

/** A loopback server whose `onConnection` scripts each client; resolves with the port. */
export async function scriptedServer(onConnection: (s: Socket) => void): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); onConnection(s); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    server, port,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) { s.destroy(); } server.close(() => resolve()); }),
  };
}

export function fixturePem(name: string): string {
  return readFileSync(new URL(`./testdata/${name}.pem`, import.meta.url), 'utf8');
}

/** The client's offered version (supported_versions wins) and suites, read back from its ClientHello. */
export function readClientHello(b: Buffer): { version: number; suites: number[] } | null {
  const rp = parseRecords(b);
  const m = parseHandshakes(rp.records).messages[0];
  if (m === undefined || m.type !== 1) { return null; }
  const r = new Reader(m.body);
  let version = r.u16();
  r.bytes(32); r.vec8();
  const sr = new Reader(r.vec16());
  const suites: number[] = [];
  while (sr.remaining > 0) { suites.push(sr.u16()); }
  r.vec8();
  const er = new Reader(r.remaining > 0 ? r.vec16() : Buffer.alloc(0));
  while (er.remaining > 0) { const t = er.u16(); const d = er.vec16(); if (t === 43) { version = d.readUInt16BE(d.length - 2); } }
  return { version, suites };
}


/** A minimal TLS 1.2 server: accepts only TLS 1.2 with TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 on secp256r1, sends good.test + inter. */
export function minimalTls12(s: Socket, first: Buffer): void {
  const h = readClientHello(first);
  if (h === null || h.version !== 0x0303 || !h.suites.includes(0xc02f)) { s.end(alertRecord(h?.version === 0x0304 ? 70 : 40)); return; }
  const chain = [new X509Certificate(fixturePem('good.test')).raw, new X509Certificate(fixturePem('inter')).raw];
  s.end(flight([
    handshake(2, serverHelloBody({ cipher: 0xc02f })), handshake(11, certificateBody(chain)),
    handshake(12, ecdheKeyExchangeBody(23)), handshake(14, Buffer.alloc(0)),
  ]));
}
