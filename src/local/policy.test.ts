import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { loadPolicy, parsePolicy } from './policy.js';
import { isGatehouseError } from '../errors/index.js';

const GOOD = `version: 1
groups:
  - name: web
    hosts: [10.0.0.0/24]
    allow:
      - port: 443
      - port: 8000-8100
        protocol: tcp
        from: [192.0.2.0/24, "2001:db8::/32"]
      - { port: 53, protocol: udp, from: loopback }
exceptions:
  - port: 8080
    owner: bob
    reason: demo
    expires: 2026-02-28
`;

function errorOf(text: string): { code: string; message: string } {
  try { parsePolicy(text, 'p.yaml'); } catch (err) {
    if (isGatehouseError(err)) { return { code: err.code, message: err.message }; }
    throw err;
  }
  throw new Error('no error');
}

describe('parsePolicy', () => {
  it('parses groups, ranges, audiences and exceptions with defaults', () => {
    const p = parsePolicy(GOOD, 'p.yaml');
    expect(p.groups[0]?.allow).toEqual([
      { group: 'web', ports: { lo: 443, hi: 443 }, protocol: 'tcp', from: 'everyone' },
      { group: 'web', ports: { lo: 8000, hi: 8100 }, protocol: 'tcp', from: ['192.0.2.0/24', '2001:db8::/32'] },
      { group: 'web', ports: { lo: 53, hi: 53 }, protocol: 'udp', from: 'loopback' },
    ]);
    expect(p.exceptions).toEqual([{ ports: { lo: 8080, hi: 8080 }, protocol: 'tcp', owner: 'bob', reason: 'demo', expires: '2026-02-28' }]);
  });

  it('the shipped example is valid', () => {
    const p = loadPolicy(new URL('../../examples/policy.yaml', import.meta.url).pathname);
    expect(p.groups.map((g) => g.name)).toEqual(['web', 'dns']);
  });

  it.each([
    { name: 'YAML syntax', text: 'version: 1\ngroups:\n  - name: a\n  hosts: {x\n', line: 4, has: 'YAML' },
    { name: 'tab indentation', text: 'version: 1\ngroups:\n\t- name: x\n', line: 3, has: 'YAML' },
    { name: 'duplicate key', text: 'version: 1\nversion: 1\ngroups: []\n', line: 2, has: 'YAML' },
    { name: 'port out of range', text: GOOD.replace('port: 443', 'port: 70000'), line: 6, has: 'groups[0].allow[0].port' },
    { name: 'reversed range', text: GOOD.replace('8000-8100', '8100-8000'), line: 7, has: 'groups[0].allow[1].port' },
    { name: 'bad CIDR', text: GOOD.replace('192.0.2.0/24', '192.0.2.0/33'), line: 9, has: 'groups[0].allow[1].from' },
    { name: 'unknown protocol', text: GOOD.replace('protocol: udp', 'protocol: sctp'), line: 10, has: 'groups[0].allow[2].protocol' },
    { name: 'unknown key', text: GOOD.replace('    hosts:', '    hostz: [a]\n    hosts:'), line: 3, has: 'groups[0]' },
    { name: 'missing owner', text: GOOD.replace('    owner: bob\n', ''), line: 12, has: 'exceptions[0].owner' },
    { name: 'impossible date', text: GOOD.replace('2026-02-28', '2026-02-30'), line: 15, has: 'exceptions[0].expires' },
    { name: 'date with time', text: GOOD.replace('2026-02-28', '2026-02-28T10:00'), line: 15, has: 'exceptions[0].expires' },
    { name: 'wrong version', text: GOOD.replace('version: 1', 'version: 2'), line: 1, has: 'version' },
    { name: 'no groups', text: 'version: 1\n', line: 1, has: 'groups' },
    { name: 'duplicate group', text: `${GOOD.split('exceptions:')[0]}  - name: web\n    hosts: ["*"]\n`, line: 11, has: 'duplicate group' },
    { name: 'exception for unknown group', text: GOOD.replace('    owner: bob', '    group: nope\n    owner: bob'), line: 13, has: 'no group named' },
    { name: 'not a mapping', text: '- a\n- b\n', line: 1, has: '(root)' },
    { name: 'alias without anchor', text: 'version: 1\ngroups: *x\n', line: 2, has: 'YAML' },
  ])('$name: one line with file and line number, GH_ERR_POLICY', ({ text, line, has }) => {
    const e = errorOf(text);
    expect(e.code).toBe('GH_ERR_POLICY');
    expect(e.message).not.toContain('\n');
    expect(e.message.startsWith(`p.yaml:${line}: `)).toBe(true);
    expect(e.message).toContain(has);
  });

  it('an unreadable file is GH_ERR_FILE', () => {
    expect(() => loadPolicy('/nonexistent/policy.yaml')).toThrow(expect.objectContaining({ code: 'GH_ERR_FILE' }));
  });

  it('arbitrary text either parses or fails with one GH_ERR_POLICY line naming a line number', () => {
    const lines = fc.array(fc.oneof(fc.constantFrom('version: 1', 'groups:', '  - name: a', '    hosts: ["*"]', '    allow:', '      - port: 22', '      - port: x', 'exceptions: []', '  -', ': :', '\t'), fc.string({ maxLength: 20 })), { maxLength: 12 });
    fc.assert(fc.property(lines, (ls) => {
      try { parsePolicy(ls.join('\n'), 'f'); } catch (err) {
        expect(isGatehouseError(err) && err.code).toBe('GH_ERR_POLICY');
        expect((err as Error).message).toMatch(/^f:\d+: [^\n]*$/);
      }
    }));
  });
});

describe('example policy text', () => {
  it('documents every field it uses in docs/local.md', () => {
    const doc = readFileSync(new URL('../../docs/local.md', import.meta.url), 'utf8');
    for (const key of ['version', 'groups', 'hosts', 'allow', 'port', 'protocol', 'service', 'process', 'from', 'exceptions', 'owner', 'reason', 'expires']) {
      expect(doc, key).toContain(`\`${key}\``);
    }
  });
});
