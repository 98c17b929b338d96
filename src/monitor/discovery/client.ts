/**
 * @module monitor/discovery/client — a small DNS stub client for discovery: one configured resolver
 * (`ADDR[:PORT]`, default port 53; there is no default resolver and no fallback to the system's), queries over UDP
 * with a per-attempt timeout and retries, again over TCP (2-byte length prefix, RFC 1035 § 4.2.2) when the answer
 * is truncated. Bounded: UDP replies over 4096 bytes and TCP messages over 65,535 are refused, each client sends at
 * most `maxQueries` queries, and every socket is closed on every path. Answers are cached per (name, type).
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIP, Socket } from 'node:net';
import { GatehouseError } from '../../errors/index.js';
import { canonicalName, dnsError, encodeQuery, parseResponse, type DiscoveryType, type DnsAnswer, type DnsResponse } from './message.js';

export interface Resolver { readonly address: string; readonly port: number }

export interface DnsClientOptions {
  readonly resolver: Resolver;
  /** Per attempt (default 2000 ms). */
  readonly timeoutMs?: number;
  /** UDP attempts after the first (default 2). */
  readonly retries?: number;
  /** Queries this client may send in all (default 1000): a hostile zone cannot make discovery endless. */
  readonly maxQueries?: number;
}

export const UDP_MAX = 4096;
export const TCP_MAX = 65535;

/** `ADDR`, `ADDR:PORT`, `[V6]:PORT` or a bare IPv6 address; GH_ERR_NO_RESOLVER when absent, GH_ERR_OPTION when malformed. */
export function parseResolver(spec: string | null | undefined): Resolver {
  const s = (spec ?? '').trim();
  if (s === '') { throw new GatehouseError('GH_ERR_NO_RESOLVER', 'discovery needs a DNS resolver: give --resolver ADDR[:PORT] (no default, no outside DNS)', { exitCode: 2 }); }
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(s) ?? /^([0-9.]+)(?::(\d{1,5}))?$/.exec(s);
  const address = m?.[1] ?? (isIP(s) === 6 ? s : '');
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  if (isIP(address) === 0 || port < 1 || port > 65535) {
    throw new GatehouseError('GH_ERR_OPTION', `--resolver wants an IP address with an optional port (ADDR[:PORT], [V6]:PORT), got "${s}"`, { exitCode: 2 });
  }
  return { address, port };
}

export class DnsClient {
  private readonly cache = new Map<string, Promise<readonly DnsAnswer[]>>();
  private sent = 0;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxQueries: number;
  constructor(readonly opts: DnsClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.retries = opts.retries ?? 2;
    this.maxQueries = opts.maxQueries ?? 1000;
  }

  /** Queries sent so far (UDP and TCP attempts). */
  get queries(): number { return this.sent; }

  /** The records answering `name`/`type` (empty for NXDOMAIN/NODATA); GH_ERR_DNS on SERVFAIL, REFUSED, no answer. */
  lookup(name: string, type: DiscoveryType): Promise<readonly DnsAnswer[]> {
    const key = `${canonicalName(name)}\u0000${type}`;
    let hit = this.cache.get(key);
    if (hit === undefined) { hit = this.resolve(canonicalName(name), type); this.cache.set(key, hit); }
    return hit;
  }

  private async resolve(name: string, type: DiscoveryType): Promise<readonly DnsAnswer[]> {
    let res = await this.udp(name, type);
    if (res.truncated) { res = await this.tcp(name, type); }
    if (res.rcode === 0 || res.rcode === 3) { return res.answers; }
    throw dnsError(`${type} ${name}: the resolver answered rcode ${res.rcode}`);
  }

  private budget(): void {
    if (this.sent >= this.maxQueries) { throw dnsError(`query budget of ${this.maxQueries} exhausted`); }
    this.sent += 1;
  }

  private async udp(name: string, type: DiscoveryType): Promise<DnsResponse> {
    let last: unknown = null;
    for (let attempt = 0; attempt <= this.retries; attempt += 1) {
      this.budget();
      try { return await this.udpOnce(name, type); } catch (err) { last = err; }
    }
    throw dnsError(`${type} ${name}: no answer from ${this.where()} after ${this.retries + 1} UDP attempts`, last);
  }

  private udpOnce(name: string, type: DiscoveryType): Promise<DnsResponse> {
    const { address, port } = this.opts.resolver;
    const id = randomInt(0, 0x10000);
    const sock = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
    return new Promise<DnsResponse>((resolve, reject) => {
      let finished = false;
      const done = (err: Error | null, r?: DnsResponse): void => {
        if (finished) { return; }
        finished = true;
        clearTimeout(timer);
        sock.close();
        if (r !== undefined) { resolve(r); } else { reject(err ?? dnsError('no answer')); }
      };
      const timer = setTimeout(() => done(dnsError(`${type} ${name}: timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      sock.on('error', (err) => done(dnsError(`${type} ${name}: UDP socket error`, err)));
      sock.on('message', (msg, rinfo) => {
        if (rinfo.address !== address || rinfo.port !== port) { return; } // not our resolver: ignore
        try { done(null, parseResponse(msg, { id, name, type }, UDP_MAX)); } catch (e) {
          const err = e instanceof Error ? e : dnsError(String(e));
          // A mismatched id/question may be a stray or spoofed datagram: keep waiting for ours until the timeout.
          if (err instanceof GatehouseError && /does not match|does not answer/.test(err.message)) { return; }
          done(err);
        }
      });
      sock.send(encodeQuery(id, name, type), port, address, (err) => { if (err) { done(dnsError(`${type} ${name}: UDP send failed`, err)); } });
    });
  }

  private tcp(name: string, type: DiscoveryType): Promise<DnsResponse> {
    this.budget();
    const { address, port } = this.opts.resolver;
    const id = randomInt(0, 0x10000);
    const q = encodeQuery(id, name, type);
    const framed = Buffer.concat([Buffer.from([q.length >> 8, q.length & 0xff]), q]);
    return new Promise<DnsResponse>((resolve, reject) => {
      const sock = new Socket();
      const chunks: Buffer[] = [];
      let got = 0;
      let finished = false;
      const done = (err: Error | null, r?: DnsResponse): void => {
        if (finished) { return; }
        finished = true;
        clearTimeout(timer);
        sock.destroy();
        if (r !== undefined) { resolve(r); } else { reject(err ?? dnsError('no answer')); }
      };
      const timer = setTimeout(() => done(dnsError(`${type} ${name}: TCP timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      sock.on('error', (err) => done(dnsError(`${type} ${name}: TCP to ${this.where()} failed`, err)));
      sock.on('data', (d: Buffer) => {
        chunks.push(d);
        got += d.length;
        if (got > TCP_MAX + 2) { done(dnsError(`${type} ${name}: TCP answer over ${TCP_MAX} bytes`)); return; }
        const all = Buffer.concat(chunks);
        if (all.length < 2) { return; }
        const len = all.readUInt16BE(0);
        if (all.length < 2 + len) { return; }
        try { done(null, parseResponse(all.subarray(2, 2 + len), { id, name, type }, TCP_MAX)); } catch (e) { done(e instanceof Error ? e : dnsError(String(e))); }
      });
      sock.on('end', () => done(dnsError(`${type} ${name}: TCP connection closed before a full answer`)));
      sock.connect(port, address, () => { sock.write(framed); });
    });
  }

  private where(): string {
    const { address, port } = this.opts.resolver;
    return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
  }
}
