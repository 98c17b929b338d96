/**
 * Lab test of the SSH checks against real OpenSSH (issue 3b): one sshd per transport variant, inside a throw-away
 * namespace (`gh-chk-<pid>`, loopback only), config and keys under /tmp/gh-chk-<pid>/. The checks run inside the
 * namespace from the built code (dist/, built by `npm test` before the lab tests). Proves the minimal SSH client
 * interoperates with OpenSSH for every cipher/MAC family it implements, and that password auth and weak
 * algorithms are read correctly in both directions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Netns } from './netns.js';
import { builtMissing, labSkip, netnsMissing } from './require.js';

const SSHD = '/usr/sbin/sshd';
/** The built code (GATEHOUSE_DIST overrides dist/, e.g. to test a private build). */
const DIST_DIR = process.env.GATEHOUSE_DIST ?? new URL('../../dist', import.meta.url).pathname;
const DIST = `${DIST_DIR}/checks/index.js`;
const skipReason = netnsMissing() || (!existsSync(SSHD) ? 'openssh-server not installed (scripts/apt/checks.list)' : builtMissing(DIST));
const skip = labSkip(skipReason) ? skipReason : false;

interface Variant { port: number; name: string; conf: string; password: boolean; weak: boolean; transport: RegExp }
const VARIANTS: Variant[] = [
  { port: 2201, name: 'aes-ctr + hmac-sha2-256-etm, password on', conf: 'PasswordAuthentication yes\nCiphers aes128-ctr\nMACs hmac-sha2-256-etm@openssh.com', password: true, weak: false, transport: /aes128-ctr, hmac-sha2-256-etm/ },
  { port: 2202, name: 'aes256-ctr + hmac-sha2-512 (encrypt-and-MAC), keys only, CBC and MD5 offered', conf: 'PasswordAuthentication no\nCiphers aes256-ctr,aes128-cbc\nMACs hmac-sha2-512,hmac-md5', password: false, weak: true, transport: /aes256-ctr, hmac-sha2-512\)/ },
  { port: 2203, name: 'aes256-gcm, password on', conf: 'PasswordAuthentication yes\nCiphers aes256-gcm@openssh.com', password: true, weak: false, transport: /aes256-gcm/ },
  { port: 2204, name: 'chacha20-poly1305, keys only', conf: 'PasswordAuthentication no\nCiphers chacha20-poly1305@openssh.com', password: false, weak: false, transport: /chacha20-poly1305/ },
  { port: 2205, name: 'SHA-1 key exchange and ssh-rsa offered beside modern ones', conf: 'PasswordAuthentication yes\nKexAlgorithms curve25519-sha256,diffie-hellman-group14-sha1\nHostKeyAlgorithms ssh-ed25519,ssh-rsa', password: true, weak: true, transport: /aes128-ctr/ },
];

let ns: Netns | null = null;
let dir = '';
let results: Record<string, { status: string; severity?: string; evidence?: string; reason?: string; exchanges?: Array<{ received: string | null }> }> = {};

const RUNNER = `
const { runChecks, CHECKS } = await import(process.argv[1]);
const { tcpDialer } = await import(process.argv[2]);
const out = {};
for (const port of process.argv.slice(3).map(Number)) {
  const p = { port, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'ssh', method: 'probed' } };
  const host = { address: '127.0.0.1', hostnames: [], state: 'up', reason: 'user-set', ports: [p], counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 } };
  const r = await runChecks(p, host, { dialer: tcpDialer, signal: AbortSignal.timeout(15000), checks: CHECKS.filter((c) => c.id.startsWith('ssh-')) });
  for (const [id, o] of r) { out[port + '/' + id] = o; }
}
console.log(JSON.stringify(out));
`;

beforeAll(async () => {
  if (skip !== false) { return; }
  ns = Netns.create('gh-chk');
  dir = `/tmp/${ns.name}`;
  mkdirSync(dir, { recursive: true });
  mkdirSync('/run/sshd', { recursive: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${dir}/ed25519`]);
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', `${dir}/rsa`]);
  for (const v of VARIANTS) {
    writeFileSync(`${dir}/sshd-${v.port}.conf`, `Port ${v.port}\nListenAddress 127.0.0.1\nHostKey ${dir}/ed25519\nHostKey ${dir}/rsa\nUsePAM no\nKbdInteractiveAuthentication no\nPidFile ${dir}/sshd-${v.port}.pid\n${v.conf}\n`);
    ns.run(SSHD, ['-f', `${dir}/sshd-${v.port}.conf`]); // daemonises once listening
  }
  const r = await ns.exec(process.execPath, ['--input-type=module', '-e', RUNNER, DIST, `${DIST_DIR}/net/dialer.js`, ...VARIANTS.map((v) => String(v.port))]);
  if (r.code !== 0) { throw new Error(`runner failed: ${r.stderr}`); }
  results = JSON.parse(r.stdout) as typeof results;
});

afterAll(() => {
  ns?.destroy();
  if (dir) { rmSync(dir, { recursive: true, force: true }); }
});

describe.skipIf(skip !== false)(`SSH checks against real OpenSSH${skip === false ? '' : ` (skipped: ${String(skip)})`}`, () => {
  for (const v of VARIANTS) {
    it(`${v.name}: password-auth ${v.password ? 'reported' : 'absent'}, weak-algorithms ${v.weak ? 'reported' : 'absent'}`, () => {
      const pw = results[`${v.port}/ssh-password-auth`];
      const weak = results[`${v.port}/ssh-weak-algorithms`];
      expect(pw?.status, JSON.stringify(pw)).toBe(v.password ? 'vulnerable' : 'secure');
      expect(weak?.status, JSON.stringify(weak)).toBe(v.weak ? 'vulnerable' : 'secure');
      expect(pw?.exchanges?.some((e) => v.transport.test(e.received ?? '')), JSON.stringify(pw?.exchanges)).toBe(true);
    });
  }
});
