/** @module probes/test/servers — tiny loopback servers (listen(0)) for identification tests, friendly and hostile. */
import { createServer, type Server, type Socket, type AddressInfo } from 'node:net';

export interface Running { port: number; close(): Promise<void> }

/** A TCP server on 127.0.0.1:0 running `onConn` per connection; every socket is destroyed on close. */
export async function serve(onConn: (s: Socket) => void): Promise<Running> {
  const socks = new Set<Socket>();
  const server: Server = createServer((s) => {
    socks.add(s);
    s.on('close', () => socks.delete(s));
    s.on('error', () => undefined);
    onConn(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const s of socks) { s.destroy(); } server.close(() => r()); }),
  };
}

/** Answer each complete line with `reply(line)` (null = say nothing). */
export function lineServer(greeting: string | null, reply: (line: string, s: Socket) => string | null): (s: Socket) => void {
  return (s) => {
    if (greeting !== null) { s.write(greeting); }
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        const out = reply(line, s);
        if (out !== null && !s.destroyed) { s.write(out); }
      }
    });
  };
}

/** Writes as fast as the socket drains, forever. */
export function endless(s: Socket): void {
  const chunk = Buffer.alloc(16_384, 0x41);
  const pump = (): void => { while (!s.destroyed && s.write(chunk)) { /* fill */ } if (!s.destroyed) { s.once('drain', pump); } };
  pump();
}
