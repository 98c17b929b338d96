/** `--profile` (issue 14 item 6): option parsing, port widening, and what `auto` completes. */
import { describe, expect, it } from 'vitest';
import { missingPorts, parseProfile, widenPorts } from './profile.js';
import { profileForOs, profilePorts, PROFILE_NAMES } from '../knowledge/os-profiles.js';

describe('os profiles', () => {
  it('parses the five names and refuses others with GH_ERR_OPTION', () => {
    for (const n of [...PROFILE_NAMES, 'auto']) { expect(parseProfile(n.toUpperCase())).toBe(n); }
    expect(parseProfile(undefined)).toBeUndefined();
    expect(() => parseProfile('solaris')).toThrow(expect.objectContaining({ code: 'GH_ERR_OPTION' }));
  });

  it('a named profile adds its TCP and UDP ports; auto adds only SNMP to the first pass', () => {
    const w = widenPorts({ tcp: [80], udp: [] }, 'windows');
    expect(w.tcp).toEqual(expect.arrayContaining([80, 135, 139, 445, 3389, 5985, 5986]));
    expect(w.udp).toContain(137);
    expect(widenPorts({ tcp: [80], udp: [] }, 'auto')).toEqual({ tcp: [80], udp: [161] });
    expect(profilePorts('macos').tcp).toEqual(expect.arrayContaining([548, 3283, 5900, 62078]));
    expect(profilePorts('network-device').tcp).toEqual(expect.arrayContaining([23, 830, 8291]));
    expect(profilePorts('network-device').udp).toContain(161);
  });

  it('auto scans only the ports the first pass did not ask', () => {
    const m = missingPorts('windows', { tcp: [135, 445, 3389], udp: [161] });
    expect(m.tcp).not.toContain(445);
    expect(m.tcp).toContain(5985);
    expect(m.udp).not.toContain(161);
    expect(profileForOs('bsd')).toBe('linux');
  });
});
