import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHECKS, applicableChecks } from '../../src/checks/index.js';
import { buildCatalogue, catalogue, riskForService, risksForPort } from '../../src/knowledge/catalogue.js';
import { RISK_DATA } from '../../src/knowledge/risks/index.js';
import { portFor } from './fake-server.js';

const REQUIRED = ['telnet-exposed', 'ftp-cleartext', 'ftp-anonymous-login', 'ssh-password-auth', 'ssh-weak-algorithms', 'redis-no-auth',
  'memcached-exposed', 'mongodb-no-auth', 'elasticsearch-no-auth', 'docker-api-exposed', 'mysql-exposed', 'postgres-exposed', 'rdp-exposed',
  'vnc-no-auth', 'smb-exposed', 'rsync-module-listing', 'mqtt-anonymous', 'smtp-no-starttls', 'smtp-open-relay', 'pop3-cleartext',
  'imap-cleartext', 'http-no-tls', 'x11-open'];

describe('check registry', () => {
  it('registers every required id, once', () => {
    const ids = CHECKS.map((c) => c.id);
    for (const id of REQUIRED) { expect(ids, id).toContain(id); }
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('documents every registered check in docs/findings.md, each with remediation and references', () => {
    const doc = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');
    for (const c of CHECKS) {
      expect(doc, c.id).toContain(`## \`${c.id}\``);
      expect(c.remediation.length, c.id).toBeGreaterThan(20);
      expect(c.references.length, c.id).toBeGreaterThanOrEqual(1);
      for (const r of c.references) { expect(r, c.id).toMatch(/^https:\/\//); }
    }
  });
  it('runs checks only on ports whose service a probe identified', () => {
    expect(applicableChecks(portFor(21, { name: 'ftp' })).map((c) => c.id)).toEqual(['ftp-cleartext', 'ftp-anonymous-login']);
    expect(applicableChecks(portFor(21, { name: 'ftp', method: 'table' }))).toEqual([]);
    expect(applicableChecks({ ...portFor(21, { name: 'ftp' }), state: 'closed' })).toEqual([]);
  });
});

describe('risk catalogue', () => {
  it('validates the shipped data and links only registered checks', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    for (const r of catalogue().risks) { for (const c of r.checks) { expect(ids.has(c), `${r.id} → ${c}`).toBe(true); } }
  });
  it('covers every registered network check', () => {
    const linked = new Set(catalogue().risks.flatMap((r) => r.checks));
    for (const id of REQUIRED) { expect(linked.has(id), id).toBe(true); }
  });
  it('finds entries by service name and by port', () => {
    expect(riskForService('postgres')?.id).toBe('postgresql');
    expect(riskForService('ms-wbt-server')?.id).toBe('rdp');
    expect(risksForPort(6379, 'tcp').map((r) => r.id)).toEqual(['redis']);
    expect(risksForPort(6379, 'udp')).toEqual([]);
  });
  it.each([
    { name: 'a bad port', patch: { ports: ['70000/tcp'] } },
    { name: 'an http reference', patch: { references: ['http://example.net/'] } },
    { name: 'an unknown field', patch: { extra: 1 } },
    { name: 'a bad severity', patch: { severity: 'severe' } },
    { name: 'a bad reachable level', patch: { reachable: 'severe' } },
  ])('rejects $name', ({ patch }) => {
    const bad = [{ ...RISK_DATA[0], ...patch }];
    expect(() => buildCatalogue(bad)).toThrow(expect.objectContaining({ code: 'GH_ERR_INTERNAL' }));
  });
  it('rejects a duplicate id', () => {
    expect(() => buildCatalogue([RISK_DATA[0], RISK_DATA[0]])).toThrow(/duplicate id/);
  });
});
