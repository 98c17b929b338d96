import { describe, expect, it } from 'vitest';
import { parseSourceAddresses, verifySourceAddresses } from './source-addresses.js';

describe('--udp-source-ip', () => {
  it('expands addresses, ranges and CIDRs per family, without duplicates', () => {
    expect(parseSourceAddresses('127.0.0.1-3,127.0.0.2 ::1')).toEqual({ v4: ['127.0.0.1', '127.0.0.2', '127.0.0.3'], v6: ['::1'] });
    expect(parseSourceAddresses('127.0.5.0/30').v4).toEqual(['127.0.5.0', '127.0.5.1', '127.0.5.2', '127.0.5.3']);
  });

  it('refuses names, garbage, empty lists and more than 256 addresses in one line', () => {
    expect(() => parseSourceAddresses('localhost')).toThrow(/--udp-source-ip: "localhost" is a name/);
    expect(() => parseSourceAddresses('127.0.0.300')).toThrow(/not an address, CIDR or range/);
    expect(() => parseSourceAddresses(' , ')).toThrow(/no address given/);
    expect(() => parseSourceAddresses('127.0.0.0/23')).toThrow(/more than 256 addresses/);
  });

  it('accepts loopback addresses this machine has and refuses one it has not', async () => {
    await expect(verifySourceAddresses(parseSourceAddresses('127.0.0.1,127.0.0.9'))).resolves.toBeUndefined();
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never configured here; binding fails locally, nothing is sent
    await expect(verifySourceAddresses(parseSourceAddresses('192.0.2.7'))).rejects.toThrow(/192\.0\.2\.7 is not an address of this machine \(EADDRNOTAVAIL\)/);
  });
});
