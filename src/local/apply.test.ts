import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyIptables, applyNftables } from './apply.js';
import type { FirewallPlan } from './firewall/plan.js';

const dir = mkdtempSync(join(tmpdir(), 'gh-local-apply-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PLAN: FirewallPlan = {
  host: 'h', groups: ['g'], loopbackOnly: [],
  accepts: [{ action: 'accept', protocol: 'tcp', ports: { lo: 22, hi: 22 }, from: 'everyone', explanation: 'keep ssh' }],
  drops: [{ action: 'drop', protocol: 'tcp', ports: { lo: 6379, hi: 6379 }, from: 'everyone', explanation: 'close redis' }],
};

/** A fake tool runner: records calls, answers saves, fails where told. */
function fakeRunner(fail: (tool: string, args: string[]) => boolean) {
  const calls: string[] = [];
  const runner = (tool: string, args: string[], input?: string): string => {
    calls.push(`${tool} ${args.join(' ')}${input !== undefined ? ` <<${input.length}` : ''}`);
    if (fail(tool, args)) { throw Object.assign(new Error('failed'), { stderr: `${tool}: rejected\nmore` }); }
    if (tool === 'nft' && args[0] === 'list') { return 'table inet old {\n}\n'; }
    if (tool.endsWith('-save')) { return `*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n# ${tool}\n`; }
    return '';
  };
  return { calls, runner };
}

describe('harden --apply', () => {
  it('nftables: saves the ruleset as a rollback script first, then loads the file on stdin', () => {
    const f = fakeRunner(() => false);
    const rb = join(dir, 'nft-rollback.sh');
    applyNftables(PLAN, rb, f.runner);
    expect(f.calls[0]).toBe('nft list ruleset');
    expect(f.calls[1]).toMatch(/^nft -f - <<\d+$/);
    const text = readFileSync(rb, 'utf8');
    expect(text).toContain("nft -f - <<'GATEHOUSE_EOF'\nflush ruleset\ntable inet old {");
  });

  it('nftables: a rejected file fails with GH_ERR_FIREWALL naming the rollback file', () => {
    const f = fakeRunner((tool, args) => tool === 'nft' && args[0] === '-f');
    const rb = join(dir, 'nft-rollback2.sh');
    expect(() => applyNftables(PLAN, rb, f.runner)).toThrow(expect.objectContaining({ code: 'GH_ERR_FIREWALL', message: expect.stringContaining(`sh ${rb}`) }));
    expect(readFileSync(rb, 'utf8')).toContain('flush ruleset');
  });

  it('iptables: saves both families, creates (or flushes) the chain, jumps to it once, then adds the rules in order', () => {
    // the chain exists already (-N fails) and the jump is there (-C succeeds): flush, no second jump
    const f = fakeRunner((_tool, args) => args[0] === '-N');
    const rb = join(dir, 'ipt-rollback.sh');
    const r = applyIptables(PLAN, rb, f.runner);
    expect(f.calls.slice(0, 2)).toEqual(['iptables-save ', 'ip6tables-save ']);
    expect(f.calls).toContain('iptables -F GATEHOUSE-INPUT');
    expect(f.calls.some((c) => c.includes('-I INPUT'))).toBe(false);
    expect(r.commands).toContain('iptables -A GATEHOUSE-INPUT -p tcp --dport 6379 -j DROP');
    expect(r.commands.at(-1)).toBe('ip6tables -A GATEHOUSE-INPUT -j DROP');
    const text = readFileSync(rb, 'utf8');
    expect(text).toContain("iptables-restore <<'GATEHOUSE_EOF'\n*filter");
    expect(text).toContain("ip6tables-restore <<'GATEHOUSE_EOF'\n*filter");
    expect(text.indexOf('iptables -X GATEHOUSE-INPUT')).toBeLessThan(text.indexOf('iptables-restore'));
  });

  it('iptables: an empty save (tables never loaded) restores nothing, but the rollback still removes our chain', () => {
    const f = fakeRunner(() => false);
    const runner = (tool: string, args: string[], input?: string): string => (tool.endsWith('-save') ? '' : f.runner(tool, args, input));
    const rb = join(dir, 'ipt-rollback-empty.sh');
    applyIptables(PLAN, rb, runner);
    const text = readFileSync(rb, 'utf8');
    expect(text).not.toContain('-restore');
    expect(text).toContain('ip6tables -D INPUT -j GATEHOUSE-INPUT');
  });

  it('iptables: nothing is applied when the rollback file cannot be written', () => {
    const f = fakeRunner(() => false);
    expect(() => applyIptables(PLAN, join(dir, 'missing-dir', 'rb.sh'), f.runner)).toThrow(expect.objectContaining({ code: 'GH_ERR_FILE' }));
    expect(f.calls.every((c) => c.includes('-save'))).toBe(true);
  });
});
