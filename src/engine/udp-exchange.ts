/**
 * @module engine/udp-exchange — one UDP request/response exchange for interrogating an open port: sends a datagram,
 * collects every reply datagram until the peer is quiet or the deadline passes, bounded in bytes and datagrams.
 * Connected by default (ICMP port unreachable surfaces as ECONNREFUSED); unconnected for protocols whose servers
 * answer from another port (TFTP), then accepting datagrams only from the target's address. The socket is closed on
 * every path.
 */
import dgram from 'node:dgram';
import type { UdpExchange } from '../probes/udp/types.js';

export interface UdpExchangeOptions {
  readonly timeoutMs: number;      // longest wait for the first datagram
  readonly quietMs: number;        // after a datagram, stop when nothing more arrives for this long
  readonly maxBytes: number;       // stop reading beyond this many reply bytes (truncated = true)
  readonly maxDatagrams: number;
  readonly connected: boolean;
  readonly signal?: AbortSignal;
}

export const DEFAULT_EXCHANGE: UdpExchangeOptions = { timeoutMs: 1500, quietMs: 250, maxBytes: 256 * 1024, maxDatagrams: 256, connected: true };

export function udpExchange(address: string, family: 4 | 6, port: number, label: string, payload: Buffer, opts: UdpExchangeOptions = DEFAULT_EXCHANGE): Promise<UdpExchange> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    const replies: Buffer[] = [];
    let bytes = 0;
    let refused = false;
    let truncated = false;
    let finished = false;
    let timer: NodeJS.Timeout | null = null;
    const finish = (): void => {
      if (finished) { return; }
      finished = true;
      if (timer) { clearTimeout(timer); }
      opts.signal?.removeEventListener('abort', finish);
      try { sock.close(); } catch { /* already closed by an error path: nothing left to release */ }
      resolve({ label, sent: payload, replies, refused, truncated });
    };
    const arm = (ms: number): void => { if (timer) { clearTimeout(timer); } timer = setTimeout(finish, ms); };
    if (opts.signal?.aborted) { finish(); return; }
    opts.signal?.addEventListener('abort', finish, { once: true });
    sock.on('message', (msg, rinfo) => {
      if (!opts.connected && rinfo.address !== address) { return; }
      if (bytes + msg.length > opts.maxBytes || replies.length >= opts.maxDatagrams) { truncated = true; finish(); return; }
      replies.push(msg);
      bytes += msg.length;
      arm(opts.quietMs);
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') { refused = true; }
      finish();
    });
    arm(opts.timeoutMs);
    if (opts.connected) {
      sock.connect(port, address, () => { if (!finished) { sock.send(payload); } });
    } else {
      sock.send(payload, port, address);
    }
  });
}
