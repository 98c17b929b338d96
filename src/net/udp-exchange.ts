/**
 * @module net/udp-exchange — one UDP request/response exchange for interrogating an open port: sends a datagram,
 * collects every reply datagram until the peer is quiet or the deadline passes, bounded in bytes and datagrams.
 * Connected by default (ICMP port unreachable surfaces as ECONNREFUSED); unconnected for protocols whose servers
 * answer from another port (TFTP), then accepting datagrams only from the target's address. The socket is closed on
 * every path.
 */
import dgram from 'node:dgram';

/** One request and everything that came back for it (bounded in bytes and datagrams). */
export interface UdpExchange {
  readonly label: string;
  readonly sent: Buffer;
  readonly replies: readonly Buffer[];
  /** ICMP port unreachable came back instead. */
  readonly refused: boolean;
  readonly truncated: boolean;
}

export interface UdpExchangeOptions {
  readonly timeoutMs: number;      // longest wait for the first datagram
  readonly quietMs: number;        // after a datagram, stop when nothing more arrives for this long
  readonly maxBytes: number;       // stop reading beyond this many reply bytes (truncated = true)
  readonly maxDatagrams: number;
  readonly connected: boolean;
  readonly source?: string;        // local address to send from (--udp-source-ip)
  readonly signal?: AbortSignal;
}

export const DEFAULT_EXCHANGE: UdpExchangeOptions = { timeoutMs: 1500, quietMs: 250, maxBytes: 256 * 1024, maxDatagrams: 256, connected: true };

/** However fast the port answered discovery, wait at least this long for a first reply and for the next datagram. */
const MIN_FIRST_MS = 200;
const MIN_QUIET_MS = 100;

/**
 * The waits for one request to a port of a host whose answers took `rttUs`: the first reply within 4 RTTs + 100 ms
 * (at least 200 ms), the next datagram within 2 RTTs + 50 ms (at least 100 ms), never longer than `base`. A `slow`
 * request (the server must ask elsewhere, or answers after a random delay) keeps the full first wait; without a
 * measured RTT, `base` is kept. A silent request on a fast LAN costs 200 ms instead of 1.5 s.
 */
export function exchangeWaits(base: UdpExchangeOptions, rttUs: number | undefined, slow: boolean): UdpExchangeOptions {
  if (rttUs === undefined) { return base; }
  const rttMs = rttUs / 1000;
  return {
    ...base,
    timeoutMs: slow ? base.timeoutMs : Math.min(base.timeoutMs, Math.max(MIN_FIRST_MS, 4 * rttMs + 100)),
    quietMs: Math.min(base.quietMs, Math.max(MIN_QUIET_MS, 2 * rttMs + 50)),
  };
}

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
    const go = (): void => {
      if (finished) { return; }
      if (opts.connected) {
        sock.connect(port, address, () => { if (!finished) { sock.send(payload); } });
      } else {
        sock.send(payload, port, address);
      }
    };
    if (opts.source !== undefined) { sock.bind({ address: opts.source, port: 0 }, go); } else { go(); }
  });
}
