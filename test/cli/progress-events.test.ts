/**
 * @module test/cli/progress-events — `scan --ndjson` reports progress by stage (discovery → identification → TLS →
 * checks → grade) as `progress` lines, between the `scan` line and the `done` line, each stage ending at done =
 * total. With scan threads, discovery must reach its total (the threads' last counts were lost: the bar stopped at
 * ~81 % while the later stages ran).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { runCli } from './run.js';

interface Line { type: string; stage?: string; done?: number; total?: number; etaSeconds?: number | null }
let server: net.Server;
const sockets = new Set<net.Socket>();
let port = 0;
beforeAll(async () => {
  server = net.createServer((c) => { sockets.add(c); c.on('close', () => sockets.delete(c)); c.on('error', () => c.destroy()); c.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'); });
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
});
afterAll(async () => { for (const c of sockets) { c.destroy(); } await new Promise((r) => server.close(r)); });

describe('scan --ndjson progress events', () => {
  it('reports every stage with work, ending at done = total, before the done line (2 scan threads)', async () => {
    const lo = Math.max(1, port - 3000);
    const r = await runCli(['scan', '127.0.0.1', '-Pn', '-p', `${lo}-${port}`, '--threads', '2', '--ndjson', '--no-store']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines[0]?.type).toBe('scan');
    expect(lines.at(-1)?.type).toBe('done');
    const progress = lines.filter((l) => l.type === 'progress');
    for (const e of progress) {
      expect(Object.keys(e).sort()).toEqual(['done', 'etaSeconds', 'stage', 'total', 'type']);
      expect(['discovery', 'identification', 'tls', 'checks', 'grade']).toContain(e.stage);
      expect(e.done).toBeLessThanOrEqual(e.total ?? -1);
    }
    const last = new Map(progress.map((e) => [e.stage, e]));
    expect(last.get('discovery')).toMatchObject({ done: port - lo + 1, total: port - lo + 1 });
    // other listeners on this machine may sit in the range too: every open port found is identified
    const id = last.get('identification');
    expect(id?.total ?? 0).toBeGreaterThanOrEqual(1);
    expect(id?.done).toBe(id?.total);
    expect(id?.total).toBe(lines.filter((l) => l.type === 'port').length);
    expect(last.get('grade')).toMatchObject({ done: 1, total: 1 });
    // stages begin in order: discovery's first event comes before identification's
    const firstOf = (s: string): number => lines.findIndex((l) => l.type === 'progress' && l.stage === s);
    expect(firstOf('discovery')).toBeLessThan(firstOf('identification'));
  });
});
