// Who an SNMP agent is, from sysObjectID / the SNMPv3 engine ID / sysDescr: table cases and a fast-check property.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enterpriseFromEngineId, enterpriseFromOid, snmpAgent } from './snmp-vendor.js';

describe('snmpAgent', () => {
  it.each([
    { name: 'net-snmp sysObjectID', input: { sysObjectId: '1.3.6.1.4.1.8072.3.2.10', sysDescr: 'Linux vm 6.1.0 x86_64' }, want: { product: 'net-snmp', enterprise: 8072 } },
    { name: 'net-snmp engine ID only (v3 discovery, no community)', input: { engineId: '80001f8880a1b2c3d4e5f60718' }, want: { product: 'net-snmp', enterprise: 8072 } },
    { name: 'Windows agent', input: { sysObjectId: '1.3.6.1.4.1.311.1.1.3.1.2' }, want: { product: 'Microsoft Windows SNMP service', enterprise: 311 } },
    { name: 'Cisco IOS with version from sysDescr', input: { sysObjectId: '1.3.6.1.4.1.9.1.1208', sysDescr: 'Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE SOFTWARE (fc2)' }, want: { product: 'Cisco SNMP service', version: '15.2(7)E4', enterprise: 9 } },
    { name: 'unknown enterprise: no product guessed', input: { sysObjectId: '1.3.6.1.4.1.99999.1' }, want: { enterprise: 99999 } },
    { name: 'non-enterprise OID, text engine ID: nothing', input: { sysObjectId: '1.3.6.1.2.1.1', engineId: '0001020304' }, want: {} },
  ])('$name', ({ input, want }) => { expect(snmpAgent(input)).toEqual(want); });
  it.each([['80001f8803525400123456', 8072], ['800000090300aabbccddee', 9], ['0000000902', null], ['zz', null]] as const)('engine ID %s → %s', (hex, want) => {
    expect(enterpriseFromEngineId(hex)).toBe(want);
  });
  it('fuzz: never throws, product bounded', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), fc.stringMatching(/^[0-9a-f]{0,80}$/), (oid, descr, hex) => {
      const a = snmpAgent({ sysObjectId: oid, sysDescr: descr, engineId: hex });
      enterpriseFromOid(oid);
      return (a.product ?? '').length <= 64 && (a.version ?? '').length <= 40;
    }), { numRuns: 500 });
  });
});
