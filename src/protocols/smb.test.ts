// SMB, NTLMSSP and srvsvc codecs: table-driven cases built from the specs ([MS-SMB2], [MS-NLMP], [MS-SRVS],
// [MS-CIFS]) and fast-check properties (random or mutated bytes never throw; results stay bounded).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as smb from './smb.js';
import { anonymousAuthenticate, emptyPasswordAuthenticate, negotiateMessage, ntlmFromBlob, parseChallenge, spnegoInit, spnegoResponse } from './ntlmssp.js';
import { bindAccepted, bindSrvsvc, netShareEnum, parseShareEnum } from './srvsvc.js';

/** An SMB2 response: header (command, status) + body, framed. */
function response2(command: number, status: number, body: Buffer, tail = Buffer.alloc(0)): Buffer {
  const h = smb.smb2Header(command, { messageId: 0 });
  h.writeUInt32LE(0x1, 16);                      // flags: server to redirector
  h.writeUInt32LE(status, 8);
  return smb.frame(Buffer.concat([h, body, tail]));
}
function negotiateResponse(securityMode: number, dialect: number, blob = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt16LE(65, 0); b.writeUInt16LE(securityMode, 2); b.writeUInt16LE(dialect, 4);
  b.writeUInt16LE(128, 56); b.writeUInt16LE(blob.length, 58);
  return response2(0, 0, b, blob);
}
/** A CHALLENGE with a version field and AV pairs (NetBIOS computer/domain, DNS computer). */
function challenge(version: [number, number, number] | null, names: Array<[number, string]>): Buffer {
  const av = Buffer.concat([...names.map(([id, s]) => { const v = Buffer.from(s, 'utf16le'); const h = Buffer.alloc(4); h.writeUInt16LE(id, 0); h.writeUInt16LE(v.length, 2); return Buffer.concat([h, v]); }), Buffer.alloc(4)]);
  const target = Buffer.from('LAB', 'utf16le');
  const m = Buffer.alloc(56);
  Buffer.from('NTLMSSP\0', 'latin1').copy(m, 0);
  m.writeUInt32LE(2, 8);
  m.writeUInt16LE(target.length, 12); m.writeUInt16LE(target.length, 14); m.writeUInt32LE(56, 16);
  m.writeUInt32LE((0x1 | 0x800000 | (version ? 0x02000000 : 0)) >>> 0, 20);
  Buffer.from('0123456789abcdef', 'hex').copy(m, 24);
  m.writeUInt16LE(av.length, 40); m.writeUInt16LE(av.length, 42); m.writeUInt32LE(56 + target.length, 44);
  if (version) { m[48] = version[0]; m[49] = version[1]; m.writeUInt16LE(version[2], 50); m[55] = 15; }
  return Buffer.concat([m, target, av]);
}
/** NetrShareEnum level-1 response PDU with these (name, type, remark) entries. */
function shareEnumResponse(shares: Array<[string, number, string]>): Buffer {
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0, 0); return b; };
  const str = (s: string): Buffer => { const c = Buffer.from(`${s}\0`, 'utf16le'); const pad = (4 - (c.length % 4)) % 4; return Buffer.concat([u32(c.length / 2), u32(0), u32(c.length / 2), c, Buffer.alloc(pad)]); };
  const stub = Buffer.concat([u32(1), u32(1), u32(0x20000), u32(shares.length), u32(0x20004), u32(shares.length),
    ...shares.map(([, t], i) => Buffer.concat([u32(0x20008 + i * 8), u32(t), u32(0x2000c + i * 8)])),
    ...shares.map(([n, , r]) => Buffer.concat([str(n), str(r)])), u32(shares.length), u32(0), u32(0)]);
  const h = Buffer.alloc(24);
  h[0] = 5; h[2] = 2; h[3] = 3; h.writeUInt32LE(0x10, 4); h.writeUInt16LE(24 + stub.length, 8); h.writeUInt32LE(stub.length, 16);
  return Buffer.concat([h, stub]);
}
function sessionSetup1Response(os: string, lanman: string, domain: string): Buffer {
  const h = Buffer.alloc(32);
  Buffer.from([0xff, 0x53, 0x4d, 0x42, 0x73]).copy(h, 0);
  h.writeUInt16LE(0xc001, 10);
  const words = Buffer.from([3, 0xff, 0, 0, 0, 0, 0]);
  const strs = Buffer.concat([Buffer.from([0]), ...[os, lanman, domain].map((s) => Buffer.from(`${s}\0`, 'utf16le'))]);
  const bc = Buffer.alloc(2); bc.writeUInt16LE(strs.length, 0);
  return smb.frame(Buffer.concat([h, words, bc, strs]));
}

describe('SMB2 codec', () => {
  it.each([
    { name: 'signing enabled, not required, 3.0.2', input: negotiateResponse(1, 0x0302), want: { dialect: 0x0302, signingRequired: false, securityMode: 1 } },
    { name: 'signing required, 2.1', input: negotiateResponse(3, 0x0210), want: { dialect: 0x0210, signingRequired: true } },
  ])('NEGOTIATE response: $name', ({ input, want }) => {
    const r = smb.parseSmb2(input);
    expect(r).not.toBeNull();
    expect(r && smb.parseNegotiate2(r)).toMatchObject(want);
  });
  it.each([
    { name: 'an error status', input: response2(0, 0xc0000022, Buffer.alloc(64)) },
    { name: 'SMB1 magic', input: smb.frame(Buffer.concat([Buffer.from([0xff, 0x53, 0x4d, 0x42]), Buffer.alloc(80)])) },
    { name: 'truncated', input: negotiateResponse(1, 0x0302).subarray(0, 40) },
  ])('NEGOTIATE near miss: $name → null', ({ input }) => {
    const r = smb.parseSmb2(input);
    expect(r === null ? null : smb.parseNegotiate2(r)).toBeNull();
  });
  it('requests are framed with their own length', () => {
    for (const b of [smb.negotiate2({ messageId: 0 }), smb.treeConnect2({ messageId: 3 }, '\\\\h\\IPC$'), smb.negotiate1(), smb.sessionSetup1Anonymous()]) {
      expect(smb.frameComplete(b)).toBe(true);
      expect(b.readUInt32BE(0)).toBe(b.length - 4);
    }
  });
});

describe('SMB1 codec', () => {
  it('SESSION_SETUP_ANDX answer names the native OS and Samba', () => {
    expect(smb.parseSessionSetup1(sessionSetup1Response('Windows 6.1', 'Samba 4.17.12-Debian', 'LAB'))).toEqual({ status: 0, nativeOs: 'Windows 6.1', nativeLanMan: 'Samba 4.17.12-Debian', domain: 'LAB' });
  });
  it.each([
    ['Samba 4.17.12-Debian', { product: 'Samba smbd', version: '4.17.12' }],
    ['Samba 4.19.5-Ubuntu', { product: 'Samba smbd', version: '4.19.5' }],
    ['Samba 3.6.25', { product: 'Samba smbd', version: '3.6.25' }],
    ['Windows Server 2016 Standard 6.3', null],
    ['Samba', null],
  ])('sambaVersion(%s)', (input, want) => { expect(smb.sambaVersion(input)).toEqual(want); });
});

describe('NTLMSSP', () => {
  it('CHALLENGE: version field and AV pair names, inside SPNEGO', () => {
    const blob = Buffer.concat([Buffer.from('a181c43081c1a0030a0101a10c06', 'hex'), challenge([10, 0, 20348], [[1, 'FILES01'], [2, 'CORP'], [3, 'files01.corp.example']])]);
    const c = parseChallenge(ntlmFromBlob(blob) ?? Buffer.alloc(0));
    expect(c).toMatchObject({ version: { major: 10, minor: 0, build: 20348, revision: 15 }, names: { nbComputer: 'FILES01', nbDomain: 'CORP', dnsComputer: 'files01.corp.example' }, targetName: 'LAB' });
  });
  it('CHALLENGE without a version field', () => { expect(parseChallenge(challenge(null, []))?.version).toBeUndefined(); });
  it.each([['not NTLMSSP', Buffer.from('hello world, this is not a challenge message at all....', 'latin1')], ['a NEGOTIATE', negotiateMessage()]])('near miss: %s → null', (_n, input) => {
    expect(parseChallenge(input)).toBeNull();
  });
  it('AUTHENTICATE messages: anonymous has empty user and NT response; guest carries the user and an NTLMv2 response', () => {
    const c = parseChallenge(challenge([6, 1, 0], [[1, 'X']]));
    expect(c).not.toBeNull();
    if (c === null) { return; }
    const anon = anonymousAuthenticate(c);
    expect(anon.readUInt16LE(20)).toBe(0);           // NtChallengeResponse length
    expect(anon.readUInt16LE(36)).toBe(0);           // UserName length
    expect(anon.readUInt32LE(60) & 0x800).toBe(0x800); // NTLMSSP_NEGOTIATE_ANONYMOUS
    const guest = emptyPasswordAuthenticate(c, 'nobody-here');
    expect(guest.readUInt16LE(36)).toBe(Buffer.byteLength('nobody-here', 'utf16le'));
    expect(guest.readUInt16LE(20)).toBeGreaterThan(24); // NTLMv2: proof + blob
    expect(spnegoInit(negotiateMessage())[0]).toBe(0x60);
    expect(spnegoResponse(guest)[0]).toBe(0xa1);
  });
});

describe('srvsvc', () => {
  it('NetrShareEnum level 1 response: names, types, remarks', () => {
    expect(parseShareEnum(shareEnumResponse([['public', 0, ''], ['IPC$', 0x80000003, 'IPC Service (lab)']]))).toEqual([
      { name: 'public', type: 0, remark: '' }, { name: 'IPC$', type: 0x80000003, remark: 'IPC Service (lab)' },
    ]);
  });
  it.each([['a fault PDU', Buffer.from([5, 0, 3, 3, 0x10, 0, 0, 0, 32, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0])], ['truncated', shareEnumResponse([['public', 0, 'x']]).subarray(0, 60)]])('near miss: %s → null', (_n, input) => {
    expect(parseShareEnum(input)).toBeNull();
  });
  it('bind and request PDUs carry their fragment length', () => {
    for (const b of [bindSrvsvc(), netShareEnum('10.0.0.1')]) { expect(b.readUInt16LE(8)).toBe(b.length); }
    expect(bindAccepted(Buffer.alloc(10))).toBe(false);
  });
});

describe('fuzz: SMB/NTLMSSP/srvsvc parsers never throw and stay bounded', () => {
  const seeds = [negotiateResponse(1, 0x0302), challenge([6, 1, 0], [[1, 'A'], [3, 'b.c']]), shareEnumResponse([['public', 0, 'r']]), sessionSetup1Response('Unix', 'Samba 4.17.12-Debian', 'W')];
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 1024 }).map((a) => Buffer.from(a)),
    fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })).map(([s, cut, flips]) => {
      const b = Buffer.from(s.subarray(0, 1 + (cut % s.length)));
      for (const [at, v] of flips) { b[at % b.length] = v; }
      return b;
    }),
  );
  const parsers: Array<[string, (d: Buffer) => unknown]> = [
    ['parseSmb2/parseNegotiate2/parseSessionSetup2/parseTreeConnect2/parseCreate2/parseIoctl2', (d) => { const r = smb.parseSmb2(d); return r === null ? null : [smb.parseNegotiate2(r), smb.parseSessionSetup2(r), smb.parseTreeConnect2(r), smb.parseCreate2(r), smb.parseIoctl2(r)]; }],
    ['parseNegotiate1', smb.parseNegotiate1],
    ['parseSessionSetup1', smb.parseSessionSetup1],
    ['parseChallenge', (d) => parseChallenge(ntlmFromBlob(d) ?? d)],
    ['parseShareEnum', parseShareEnum],
    ['bindAccepted', bindAccepted],
  ];
  it.each(parsers)('%s', (_n, fn) => {
    fc.assert(fc.property(input, (d) => JSON.stringify(fn(d), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).length <= 200_000), { numRuns: 400 });
  });
});
