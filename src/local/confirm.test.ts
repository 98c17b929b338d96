/** harden --apply's commit-confirmed wait and its lockout check (issue 16 item 15), without a firewall: the lab test applies real rules. */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { awaitConfirmation, confirmPending, readPending } from './confirm.js';
import { admits, lockoutMessage, sessionsAtRisk } from './lockout.js';
import type { FirewallPlan } from './firewall/plan.js';
import type { Listener } from './types.js';
import { GatehouseError } from '../errors/index.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) { rmSync(d, { recursive: true, force: true }); } });
const stateFile = (): string => { const d = mkdtempSync(join(tmpdir(), 'gh-confirm-')); dirs.push(d); return join(d, 'state.json'); };
const code = async (p: Promise<unknown>): Promise<string | undefined> => p.then(() => undefined, (e: unknown) => (e as GatehouseError).code);

describe('awaitConfirmation', () => {
  it('rolls back when nobody confirms in time: GH_ERR_NOT_CONFIRMED, state file removed', async () => {
    const f = stateFile();
    let rolledBack = 0;
    const err = new PassThrough();
    expect(await code(awaitConfirmation({ stateFile: f, rollbackFile: '/x/rb.sh', timeoutS: 1, rollback: () => { rolledBack++; }, stdin: new PassThrough(), stderr: err }))).toBe('GH_ERR_NOT_CONFIRMED');
    expect(rolledBack).toBe(1);
    expect(existsSync(f)).toBe(false);
    expect(String(err.read())).toContain('harden --confirm');
  });

  it('keeps the rules when `harden --confirm` marks the state file from elsewhere', async () => {
    const f = stateFile();
    let rolledBack = 0;
    const waiting = awaitConfirmation({ stateFile: f, rollbackFile: '/x/rb.sh', timeoutS: 30, rollback: () => { rolledBack++; }, stdin: new PassThrough(), stderr: new PassThrough() });
    expect(readPending(f)).toMatchObject({ pid: process.pid, rollbackFile: '/x/rb.sh', confirmed: false });
    const confirmed = await confirmPending(f);
    expect(confirmed.pid).toBe(process.pid);
    await waiting;
    expect(rolledBack).toBe(0);
    expect(existsSync(f)).toBe(false);
  });

  it('keeps the rules when "yes" is typed on the same terminal', async () => {
    const f = stateFile();
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    let rolledBack = 0;
    const waiting = awaitConfirmation({ stateFile: f, rollbackFile: '/x/rb.sh', timeoutS: 30, rollback: () => { rolledBack++; }, stdin: tty, stderr: new PassThrough() });
    tty.write('maybe\n');
    tty.write('yes\n');
    await waiting;
    expect(rolledBack).toBe(0);
  });

  it('harden --confirm with nothing pending: GH_ERR_NO_PENDING_APPLY', async () => {
    expect(await code(confirmPending(stateFile()))).toBe('GH_ERR_NO_PENDING_APPLY');
  });
});

describe('sessionsAtRisk', () => {
  const plan: FirewallPlan = {
    host: 'h', groups: ['lab'], loopbackOnly: [], drops: [],
    accepts: [
      { action: 'accept', protocol: 'tcp', ports: { lo: 22, hi: 22 }, from: ['10.0.0.0/8'], explanation: '' },
      { action: 'accept', protocol: 'tcp', ports: { lo: 8000, hi: 8010 }, from: 'everyone', explanation: '' },
    ],
  };
  const listener = (port: number, peers: string[], established = peers.length): Listener => ({
    protocol: 'tcp', address: '0.0.0.0', family: 4, port, scope: 'all', processes: [{ pid: 1, name: 'sshd' }] as Listener['processes'],
    usage: { established, connectionsSeen: established, distinctPeers: peers.length, peers, windowMs: 0, samples: 1, maxRxQueue: 0, maxTxQueue: 0, verdict: 'used' },
  });
  const cases: Array<{ name: string; l: Listener; atRisk: string[] }> = [
    { name: 'a peer inside the allowed CIDR', l: listener(22, ['10.1.2.3']), atRisk: [] },
    { name: 'a peer outside it', l: listener(22, ['192.0.2.7', '10.1.2.3']), atRisk: ['192.0.2.7'] },
    { name: 'an IPv4-mapped peer inside', l: listener(22, ['::ffff:10.9.9.9']), atRisk: [] },
    { name: 'loopback is always admitted', l: listener(5432, ['127.0.0.1', '::1']), atRisk: [] },
    { name: 'a port open to everyone', l: listener(8005, ['198.51.100.1']), atRisk: [] },
    { name: 'a port the plan closes', l: listener(6379, ['10.1.2.3']), atRisk: ['10.1.2.3'] },
    { name: 'no established session', l: listener(6379, [], 0), atRisk: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(sessionsAtRisk(plan, [c.l]).flatMap((r) => r.peers)).toEqual(c.atRisk);
    });
  }
  it('admits() and the message name port, process and peer', () => {
    expect(admits(plan, 'udp', 22, '10.0.0.1')).toBe(false);
    expect(lockoutMessage(sessionsAtRisk(plan, [listener(22, ['192.0.2.7'])]))).toMatch(/22\/tcp \(sshd\) from 192\.0\.2\.7.*--force/);
  });
});
