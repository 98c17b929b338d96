/** @module test/support/loopback — loopback helpers shared by the unit tests that open real sockets. */
import net from 'node:net';

/** A port on `host` that nobody listens on: bound on listen(0), then released. */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve, reject) => { s.once('error', reject); s.listen(0, host, resolve); });
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
