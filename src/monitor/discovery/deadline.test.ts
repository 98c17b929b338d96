/**
 * The overall discovery deadline against a slow DNS peer on 127.0.0.1 (dns-packet answers: the apex A at once, every
 * other question after DELAY_MS, so a loaded machine only makes the walk slower, never the cut earlier):
 * the walk stops at the deadline, says so (`cutShort` and a note, never silently) and keeps what it found before;
 * without a deadline the same walk runs to its end. Also through `discoverOrganization` on SQLite (report + stored).
 */
import { createSocket, type Socket as Udp } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/watch.js';
import { SYSTEM_PRINCIPAL as admin } from '../principal.js';
import { addAsset } from '../repo/assets.js';
import { listDiscovered } from '../repo/discovered.js';
import { createOrganization } from '../repo/organizations.js';
import { DnsClient } from './client.js';
import { discoverOrganization } from './run.js';
import { Deadline, walkDomain } from './walk.js';

const DELAY_MS = 150;
const delayOf = (name: string | undefined, type: string | undefined): number => (name === 'slow.test' && type === 'A' ? 0 : DELAY_MS);
/** Pending slow replies, cancelled before a peer closes (a reply to an abandoned query must not outlive its socket). */
const pending = new Set<NodeJS.Timeout>();
function later(fn: () => void, ms: number): void {
  const t = setTimeout(() => { pending.delete(t); fn(); }, ms);
  pending.add(t);
}
function cancelReplies(): void { for (const t of pending) { clearTimeout(t); } pending.clear(); }

/** owner → type → data; everything else is NODATA. */
const ZONE: Zone = {
  'slow.test': { A: '192.0.2.1', MX: 'mail.slow.test', NS: 'ns1.slow.test' },
  'mail.slow.test': { A: '192.0.2.10' },
  'ns1.slow.test': { A: '192.0.2.53' },
};

type Zone = Record<string, Record<string, string>>;

/** A DNS peer on 127.0.0.1 answering from `zone` (A, MX, NS; anything else NODATA), slowly but for the apex A. */
async function slowResolver(zone: Zone): Promise<{ port: number; close: () => void }> {
  const udp: Udp = createSocket('udp4');
  udp.on('message', (msg, r) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions?.[0];
    const data = question === undefined ? undefined : zone[question.name]?.[question.type];
    const answers: dnsPacket.Answer[] = data === undefined || question === undefined ? []
      : question.type === 'MX' ? [{ type: 'MX', name: question.name, ttl: 60, data: { preference: 10, exchange: data } }]
        : question.type === 'NS' ? [{ type: 'NS', name: question.name, ttl: 60, data }]
          : [{ type: 'A', name: question.name, ttl: 60, data }];
    const reply = dnsPacket.encode({ type: 'response', id: q.id ?? 0, flags: 0, questions: q.questions ?? [], answers });
    later(() => { udp.send(reply, r.port, r.address); }, delayOf(question?.name, question?.type));
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  return { port: udp.address().port, close: () => { cancelReplies(); udp.close(); } };
}

describe('discovery deadline against a slow loopback resolver', () => {
  let peer: { port: number; close: () => void };
  beforeAll(async () => { peer = await slowResolver(ZONE); });
  afterAll(() => { peer.close(); });

  const client = (): DnsClient => new DnsClient({ resolver: { address: '127.0.0.1', port: peer.port }, timeoutMs: 2000, retries: 0 });

  it('without a deadline the walk runs to its end', async () => {
    const c = client();
    const r = await walkDomain(c.lookup.bind(c), 'slow.test', { srvNames: ['_sip._tcp'] });
    expect(r.cutShort).toBe(false);
    expect(r.found.map((f) => f.value).sort()).toEqual(['192.0.2.1', '192.0.2.10', '192.0.2.53', 'mail.slow.test', 'ns1.slow.test']);
    expect(r.notes).toEqual([]);
  });

  it('stops at the deadline, says so, keeps what it found before, sends no query after it', async () => {
    const c = client();
    const deadline = new Deadline(DELAY_MS * 1.5); // the apex A (at once), AAAA (DELAY_MS), then the MX is in flight
    const started = Date.now();
    const r = await walkDomain(c.lookup.bind(c), 'slow.test', { srvNames: ['_sip._tcp'], deadline });
    const took = Date.now() - started;
    expect(r.cutShort).toBe(true);
    expect(deadline.reached).toBe(true);
    expect(r.notes).toContain(deadline.note);
    expect(r.found.map((f) => f.value)).toEqual(['192.0.2.1']);
    expect(took).toBeGreaterThanOrEqual(deadline.ms - 5);
    expect(took).toBeLessThan(deadline.ms + 1000); // not the 10+ slow queries of the full walk
    const sent = c.queries;
    expect(sent).toBeLessThanOrEqual(3); // A, AAAA, and the MX in flight when the deadline passed
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS * 2));
    expect(c.queries).toBe(sent);
  });
});

for (const b of (await backends()).filter((x) => x.name === 'sqlite')) {
  describe(`discoverOrganization with a deadline on ${b.name}`, () => {
    let peer: { port: number; close: () => void };
    beforeAll(async () => { peer = await slowResolver({ 'slow.test': { A: '192.0.2.1' } }); });
    afterAll(() => { peer.close(); });

    it('reports cutShort with a note and records what was found before the deadline', async () => {
      const { m, cleanup } = await b.open();
      try {
        const org = await createOrganization(m, admin, { name: 'Slow DNS' });
        await addAsset(m, admin, org.id, { kind: 'domain', value: 'slow.test' });
        await addAsset(m, admin, org.id, { kind: 'hostname', value: 'www.slow.test' });
        const report = await discoverOrganization(m, admin, org.id, { resolver: `127.0.0.1:${peer.port}`, timeoutMs: 2000, retries: 0, deadlineMs: DELAY_MS * 1.5 });
        expect(report.cutShort).toBe(true);
        expect(report.notes.some((n) => n.startsWith(`discovery stopped at its ${DELAY_MS * 1.5} ms deadline`))).toBe(true);
        expect(report.discovered.map((d) => `${d.kind} ${d.value}`)).toEqual(['address 192.0.2.1']);
        expect((await listDiscovered(m, admin, org.id)).map((d) => d.value)).toEqual(['192.0.2.1']);
        expect(report.queries).toBeLessThanOrEqual(3); // A, AAAA, the MX in flight; none for www.slow.test
      } finally { await cleanup(); }
    });
  });
}
