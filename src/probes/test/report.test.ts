// The probed service in human and nmap-XML output (src/report/table.ts, src/report/nmap-xml.ts).
import { describe, it, expect } from 'vitest';
import { hostTable, versionText } from '../../report/table.js';
import { serviceXml } from '../../report/nmap-xml.js';
import type { HostResult, PortResult } from '../../core/types.js';

const ssh: PortResult = {
  port: 22, protocol: 'tcp', state: 'open', reason: 'syn-ack',
  service: { name: 'ssh', method: 'probed', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u3', extraInfo: 'protocol 2.0', confidence: 1, cpe: 'cpe:/a:openbsd:openssh:9.2p1' },
};
const host = (ports: PortResult[]): HostResult => ({ address: '10.0.0.1', hostnames: [], state: 'up', reason: 'syn-ack', ports, counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 } });

describe('service output', () => {
  it('table: VERSION column only when something was identified', () => {
    expect(versionText(ssh)).toBe('OpenSSH 9.2p1 Debian 2+deb12u3 (protocol 2.0)');
    expect(hostTable(host([ssh]))).toContain('VERSION');
    expect(hostTable(host([ssh]))).toContain('OpenSSH 9.2p1 Debian 2+deb12u3 (protocol 2.0)');
    const plain: PortResult = { ...ssh, service: { name: 'ssh', method: 'table' } };
    expect(hostTable(host([plain]))).not.toContain('VERSION');
  });

  it('nmap XML: probed service with product, version, conf 0-10, tunnel and cpe; escaped', () => {
    expect(serviceXml(ssh.service)).toBe('<service name="ssh" product="OpenSSH" version="9.2p1 Debian 2+deb12u3" extrainfo="protocol 2.0" method="probed" conf="10"><cpe>cpe:/a:openbsd:openssh:9.2p1</cpe></service>');
    expect(serviceXml({ name: 'https', method: 'probed', product: 'a"<b>', confidence: 0.9, tls: true })).toBe('<service name="https" product="a&quot;&lt;b&gt;" tunnel="ssl" method="probed" conf="9"/>');
    expect(serviceXml({ name: 'http', method: 'table' })).toBe('<service name="http" method="table" conf="3"/>');
  });
});
