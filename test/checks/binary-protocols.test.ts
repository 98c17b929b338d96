import { afterEach, describe, expect, it } from 'vitest';
import { binaryServer, runOne, serve, type Fake } from './fake-server.js';
import { mqttAnonymous } from '../../src/checks/mqtt.js';
import { x11Open } from '../../src/checks/x11.js';
import { vncNoAuth } from '../../src/checks/vnc.js';
import { rdpExposed } from '../../src/checks/rdp.js';
import { smbExposed } from '../../src/checks/smb.js';
import { postgresExposed } from '../../src/checks/postgres.js';
import { mysqlExposed } from '../../src/checks/mysql.js';
import { mongodbNoAuth } from '../../src/checks/mongodb.js';
import { encodeBson } from '../../src/protocols/bson.js';

let fakes: Fake[] = [];
afterEach(async () => { await Promise.all(fakes.map((f) => f.close())); fakes = []; });
async function keep(f: Promise<Fake>): Promise<Fake> { const x = await f; fakes.push(x); return x; }

describe('mqtt-anonymous', () => {
  const broker = (code: number) => binaryServer(null, (d) => (d[0] === 0x10 ? Buffer.from([0x20, 0x02, 0x00, code]) : null));
  it('reports CONNACK 0 to a CONNECT without credentials', async () => {
    const f = await keep(broker(0));
    const { outcome } = await runOne(mqttAnonymous, f, { name: 'mqtt' });
    expect(outcome?.status).toBe('vulnerable');
    const connect = f.received[0] as Buffer;
    expect(connect[0]).toBe(0x10);
    expect((connect[9] as number) & 0xc0).toBe(0); // no user name / password flags
  });
  it('accepts CONNACK 5 (not authorized)', async () => {
    const f = await keep(broker(5));
    expect((await runOne(mqttAnonymous, f, { name: 'mqtt' })).outcome?.status).toBe('secure');
  });
});

function x11Success(vendor: string): Buffer {
  const v = Buffer.from(vendor);
  const vpad = Math.ceil(v.length / 4) * 4;
  const body = Buffer.alloc(32 + vpad);
  body.writeUInt16LE(v.length, 16); // vendor length at offset 24 of the reply
  body[20] = 1;                     // screens at offset 28
  v.copy(body, 32);
  const head = Buffer.from([1, 0, 11, 0, 0, 0, 0, 0]);
  head.writeUInt16LE(body.length / 4, 6);
  return Buffer.concat([head, body]);
}

describe('x11-open', () => {
  it('reports a setup accepted without authorization', async () => {
    const f = await keep(binaryServer(null, (d) => (d.length >= 12 ? x11Success('The X.Org Foundation') : null)));
    const { outcome, port } = await runOne(x11Open, f, { name: 'x11' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.details?.vendor).toBe('The X.Org Foundation');
  });
  it('accepts a refused setup', async () => {
    const reason = Buffer.from('No protocol specified\n\0\0');
    const head = Buffer.from([0, 22, 11, 0, 0, 0, reason.length / 4, 0]);
    const f = await keep(binaryServer(null, (d) => (d.length >= 12 ? Buffer.concat([head, reason]) : null)));
    expect((await runOne(x11Open, f, { name: 'x11' })).outcome?.status).toBe('secure');
  });
});

function vncServer(types: number[]): Promise<Fake> {
  return serve((s) => {
    s.write('RFB 003.008\n');
    let stage = 0;
    s.on('data', (d: Buffer) => {
      if (stage === 0 && d.toString().startsWith('RFB 003.008')) { stage = 1; s.write(Buffer.from([types.length, ...types])); return; }
      if (stage === 1 && d[0] === 1) { stage = 2; s.write(Buffer.from([0, 0, 0, 0])); return; }
      if (stage === 2) {
        const name = Buffer.from('lab desktop');
        const init = Buffer.alloc(24);
        init.writeUInt16BE(1024, 0); init.writeUInt16BE(768, 2); init.writeUInt32BE(name.length, 20);
        s.write(Buffer.concat([init, name]));
      }
    });
  });
}

describe('vnc-no-auth', () => {
  it('reports security type None and records the desktop', async () => {
    const f = await keep(vncServer([1]));
    const { outcome, port } = await runOne(vncNoAuth, f, { name: 'vnc' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.evidence).toContain('lab desktop');
  });
  it('accepts VNC Authentication only', async () => {
    const f = await keep(vncServer([2]));
    expect((await runOne(vncNoAuth, f, { name: 'vnc' })).outcome?.status).toBe('secure');
  });
});

function rdpConfirm(type: number, value: number): Buffer {
  const b = Buffer.from([0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0, 0, 0x12, 0x34, 0, type, 0, 8, 0, 0, 0, 0, 0]);
  b.writeUInt32LE(value, 15);
  return b;
}

describe('rdp-exposed', () => {
  it('is critical when a TLS session without NLA is accepted', async () => {
    const f = await keep(binaryServer(null, (d) => (d.length >= 19 ? rdpConfirm(2, 1) : null)));
    const { port } = await runOne(rdpExposed, f, { name: 'ms-wbt-server' });
    expect(port.findings?.[0]?.severity).toBe('critical');
  });
  it('is high when NLA is required', async () => {
    const f = await keep(binaryServer(null, (d) => (d.length >= 19 ? rdpConfirm(3, 5) : null)));
    const { port } = await runOne(rdpExposed, f, { name: 'ms-wbt-server' });
    expect(port.findings?.[0]?.severity).toBe('high');
    expect(port.findings?.[0]?.details?.nla).toBe(true);
  });
  it('reports nothing for a non-RDP answer', async () => {
    const f = await keep(binaryServer(null, () => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const { outcome, port } = await runOne(rdpExposed, f, { name: 'ms-wbt-server' });
    expect(outcome?.status).toBe('not-run');
    expect(port.findings).toBeUndefined();
  });
});

function smbNegotiateResponse(dialect: number, securityMode: number): Buffer {
  const h = Buffer.alloc(64);
  h.writeUInt32BE(0xfe534d42, 0); h.writeUInt16LE(64, 4); h.writeUInt16LE(0, 12); h.writeUInt32LE(0x1, 16);
  const b = Buffer.alloc(65);
  b.writeUInt16LE(65, 0); b.writeUInt16LE(securityMode, 2); b.writeUInt16LE(dialect, 4);
  const nb = Buffer.alloc(4); nb.writeUInt32BE(h.length + b.length, 0);
  return Buffer.concat([nb, h, b]);
}

describe('smb-exposed', () => {
  it('reports an SMB2 NEGOTIATE response with dialect and signing', async () => {
    const f = await keep(binaryServer(null, (d) => (d.length >= 4 + 64 + 36 ? smbNegotiateResponse(0x0302, 0x03) : null)));
    const { outcome, port } = await runOne(smbExposed, f, { name: 'microsoft-ds' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.details).toEqual({ dialect: '3.0.2', signingRequired: true });
  });
  it('reports nothing when the peer closes without answering', async () => {
    const f = await keep(serve((s) => { s.on('data', () => s.end()); }));
    const { outcome } = await runOne(smbExposed, f, { name: 'microsoft-ds' });
    expect(outcome?.status).toBe('not-run');
  });
});

function pgMsg(type: string, body: Buffer): Buffer {
  const h = Buffer.alloc(5); h.write(type, 0, 'latin1'); h.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([h, body]);
}
const int32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };

describe('postgres-exposed', () => {
  const pg = (reply: Buffer) => binaryServer(null, (d) => (d.length >= 8 && d.length >= d.readInt32BE(0) ? reply : null));
  it('is critical when user postgres logs in without a password (trust)', async () => {
    const f = await keep(pg(Buffer.concat([pgMsg('R', int32(0)), pgMsg('S', Buffer.from('server_version\x0015.4\x00')), pgMsg('Z', Buffer.from('I'))])));
    const { port } = await runOne(postgresExposed, f, { name: 'postgresql' });
    expect(port.findings?.[0]?.severity).toBe('critical');
    expect(port.findings?.[0]?.details?.serverVersion).toBe('15.4');
  });
  it('is medium when a SCRAM password is required', async () => {
    const f = await keep(pg(pgMsg('R', Buffer.concat([int32(10), Buffer.from('SCRAM-SHA-256\0\0')]))));
    const { port } = await runOne(postgresExposed, f, { name: 'postgresql' });
    expect(port.findings?.[0]?.severity).toBe('medium');
  });
  it('is low when pg_hba refuses the address', async () => {
    const f = await keep(pg(pgMsg('E', Buffer.from('SFATAL\0C28000\0Mno pg_hba.conf entry for host\0\0'))));
    const { port } = await runOne(postgresExposed, f, { name: 'postgresql' });
    expect(port.findings?.[0]?.severity).toBe('low');
  });
});

function myPacket(seq: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(4); h.writeUIntLE(payload.length, 0, 3); h[3] = seq; return Buffer.concat([h, payload]);
}
function myHandshake(): Buffer {
  const p = Buffer.concat([Buffer.from([10]), Buffer.from('10.11.6-MariaDB\0'), Buffer.alloc(4), Buffer.from('abcdefgh'), Buffer.from([0]),
    Buffer.from([0xff, 0xf7, 0x21, 0x02, 0x00, 0xff, 0x81, 21]), Buffer.alloc(10), Buffer.from('ijklmnopqrst\0'), Buffer.from('mysql_native_password\0')]);
  return myPacket(0, p);
}

describe('mysql-exposed', () => {
  const my = (ok: boolean) => serve((s) => {
    s.write(myHandshake());
    s.on('data', (d: Buffer) => {
      expect(d.subarray(4 + 32).toString('latin1')).toMatch(/^root\0\0mysql_native_password\0/); // empty auth response
      s.write(ok ? myPacket(2, Buffer.from([0, 0, 0, 2, 0, 0, 0])) : myPacket(2, Buffer.concat([Buffer.from([0xff, 0x15, 0x04]), Buffer.from("#28000Access denied for user 'root'@'127.0.0.1'")])));
    });
  });
  it('is critical when root logs in with an empty password', async () => {
    const f = await keep(my(true));
    const { port } = await runOne(mysqlExposed, f, { name: 'mysql' });
    expect(port.findings?.[0]?.severity).toBe('critical');
    expect(port.findings?.[0]?.details?.rootEmptyPassword).toBe(true);
  });
  it('is medium when the empty password is refused', async () => {
    const f = await keep(my(false));
    const { port } = await runOne(mysqlExposed, f, { name: 'mysql' });
    expect(port.findings?.[0]?.severity).toBe('medium');
    expect(port.findings?.[0]?.evidence).toContain('Access denied');
  });
});

function opMsgReply(doc: Parameters<typeof encodeBson>[0] | Buffer): Buffer {
  const body = Buffer.isBuffer(doc) ? doc : encodeBson(doc);
  const h = Buffer.alloc(21); h.writeInt32LE(21 + body.length, 0); h.writeInt32LE(2013, 12);
  return Buffer.concat([h, body]);
}

describe('mongodb-no-auth', () => {
  const dbList = (): Buffer => {
    // { databases: [ { name: 'admin' }, { name: 'shop' } ], ok: 1 } built by hand (arrays are documents keyed 0,1,…)
    const arr = encodeBson({ 0: { name: 'admin' }, 1: { name: 'shop' } });
    const inner = Buffer.concat([Buffer.from([0x04]), Buffer.from('databases\0'), arr, Buffer.from([0x10]), Buffer.from('ok\0'), Buffer.from([1, 0, 0, 0])]);
    const out = Buffer.alloc(4 + inner.length + 1); out.writeInt32LE(out.length, 0); inner.copy(out, 4);
    return out;
  };
  const mongo = (open: boolean) => binaryServer(null, (d) => {
    if (d.length < 4 || d.length < d.readInt32LE(0)) { return null; }
    if (d.includes(Buffer.from('hello\0'))) { return opMsgReply({ isWritablePrimary: true, maxWireVersion: 17, ok: 1 }); }
    return opMsgReply(open ? dbList() : { ok: 0, errmsg: 'command listDatabases requires authentication', code: 13, codeName: 'Unauthorized' });
  });
  it('reports listDatabases without authentication', async () => {
    const f = await keep(mongo(true));
    const { outcome, port } = await runOne(mongodbNoAuth, f, { name: 'mongodb' });
    expect(outcome?.status).toBe('vulnerable');
    expect(port.findings?.[0]?.details?.databases).toEqual(['admin', 'shop']);
  });
  it('accepts Unauthorized', async () => {
    const f = await keep(mongo(false));
    expect((await runOne(mongodbNoAuth, f, { name: 'mongodb' })).outcome?.status).toBe('secure');
  });
});
