import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCgroup, parsePasswd, readProcess, readProcessIo, scanSocketOwners } from './proc.js';

describe('parsePasswd', () => {
  it('maps uids to names, first entry wins, skips junk', () => {
    const users = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\nredis:x:107:113::/var/lib/redis:/usr/sbin/nologin\nbad line\n:x:5:5::/:/bin/sh\ntoor:x:0:0::/:/bin/sh\nx:y:notanumber:1\n');
    expect([...users]).toEqual([[0, 'root'], [107, 'redis']]);
  });
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => { for (const [uid] of parsePasswd(t)) { expect(Number.isInteger(uid)).toBe(true); } }));
  });
});

describe('parseCgroup', () => {
  const id = 'a'.repeat(56) + '0123abcd';
  it.each([
    { input: '0::/system.slice/redis-server.service\n', want: { path: '/system.slice/redis-server.service', unit: 'redis-server.service' } },
    { input: '0::/user.slice/user-1000.slice/session-3.scope\n', want: { path: '/user.slice/user-1000.slice/session-3.scope', unit: 'session-3.scope' } },
    { input: `0::/system.slice/docker-${id}.scope\n`, want: { path: `/system.slice/docker-${id}.scope`, unit: `docker-${id}.scope`, container: id } },
    { input: `0::/docker/${id}\n`, want: { path: `/docker/${id}`, container: id } },
    { input: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-${id}.scope\n`, want: { path: `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-${id}.scope`, unit: `cri-containerd-${id}.scope`, container: id } },
    { input: `12:pids:/docker/${id}\n1:name=systemd:/docker/${id}\n`, want: { path: `/docker/${id}`, container: id } },
    { input: '0::/\n', want: { path: '/' } },
    { input: '', want: null },
    { input: 'nonsense', want: null },
  ])('$input', ({ input, want }) => { expect(parseCgroup(input)).toEqual(want); });
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => { const r = parseCgroup(t); if (r) { expect(typeof r.path).toBe('string'); } }));
  });
});

describe('a fake /proc tree', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gh-local-proc-'));
    const proc = (pid: number, comm: string, cmdline: string, uid: number, fds: Record<string, string>): void => {
      mkdirSync(join(root, String(pid), 'fd'), { recursive: true });
      writeFileSync(join(root, String(pid), 'comm'), `${comm}\n`);
      writeFileSync(join(root, String(pid), 'cmdline'), cmdline.split(' ').join('\0') + '\0');
      writeFileSync(join(root, String(pid), 'status'), `Name:\t${comm}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\n`);
      writeFileSync(join(root, String(pid), 'cgroup'), '0::/system.slice/redis-server.service\n');
      writeFileSync(join(root, String(pid), 'io'), 'rchar: 100\nwchar: 200\nsyscr: 1\n');
      for (const [fd, target] of Object.entries(fds)) { symlinkSync(target, join(root, String(pid), 'fd', fd)); }
    };
    proc(100, 'redis-server', '/usr/bin/redis-server 0.0.0.0:6379', 107, { 0: '/dev/null', 6: 'socket:[5001]', 7: 'socket:[5002]', 8: 'pipe:[9]' });
    proc(200, 'nginx', 'nginx: worker process', 33, { 3: 'socket:[6001]' });
    proc(201, 'nginx', 'nginx: worker process', 33, { 3: 'socket:[6001]' });
    mkdirSync(join(root, '300'));                  // exited between readdir and reading: no fd dir
    mkdirSync(join(root, '400'));
    writeFileSync(join(root, '400', 'fd'), '');    // fd unlistable for another reason (EACCES when not root; ENOTDIR here)
    writeFileSync(join(root, 'self'), '');         // non-numeric entries are ignored
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('maps wanted inodes to every pid that holds them, counts vanished and unreadable processes', () => {
    const r = scanSocketOwners(root, new Set([5001, 6001, 7777]));
    expect([...r.owners].sort()).toEqual([[5001, [100]], [6001, [200, 201]]]);
    expect(r.vanished).toBe(1);
    expect(r.denied).toEqual([400]);
  });
  it('reads name, command line, user, unit and io', () => {
    expect(readProcess(root, 100, new Map([[107, 'redis']]))).toEqual({
      pid: 100, name: 'redis-server', cmdline: '/usr/bin/redis-server 0.0.0.0:6379', user: 'redis',
      cgroup: '/system.slice/redis-server.service', unit: 'redis-server.service',
    });
    expect(readProcess(root, 300, new Map())).toBeNull();
    expect(readProcessIo(root, 100)).toEqual({ read: 100, write: 200 });
    expect(readProcessIo(root, 300)).toBeNull();
  });
  it('a missing proc root is reported, not thrown', () => {
    expect(scanSocketOwners(join(root, 'nope'), new Set([1])).unreadable).toBe('ENOENT');
  });
});
