/**
 * @module checks/ssh — `ssh-weak-algorithms` and `ssh-password-auth` (port 22, RFC 4253 transport, RFC 4252
 * authentication). weak-algorithms: version exchange and the server's KEXINIT, whose offered algorithms are
 * compared with checks/ssh/weak. password-auth: a full curve25519-sha256 key exchange, then the `none`
 * authentication request (RFC 4252 §5.2), whose failure lists the methods the server allows; "password" among them
 * means passwords can be tried from here. No password is ever sent.
 */
import type { Check, CheckContext, CheckOutcome } from '../types.js';
import { notRun, secure, vulnerable } from '../types.js';
import { REF, sansPort } from '../refs.js';
import { SshClient, SshUnsupported } from './transport.js';
import { weakAlgorithms } from './weak.js';
import { SshWireError } from './wire.js';
import { isExpectedNetworkError } from '../../errors/record.js';

/** The user name in the `none` request: a name no real account should have. */
export const PROBE_USER = 'gatehouse-check';

async function session(ctx: CheckContext, script: (c: SshClient) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  let client: SshClient;
  try {
    const conn = await ctx.dialer.tcp(ctx.address, ctx.port.port, { signal: ctx.signal, timeoutMs: ctx.readTimeoutMs });
    client = new SshClient(conn, ctx.readTimeoutMs);
  } catch (err) {
    return notRun(`could not connect: ${(err as Error).message}`);
  }
  try {
    await client.versionExchange();
    return await script(client);
  } catch (err) {
    // the peer's doing (unsupported algorithm, malformed packet, reset, timeout) is not-run; a bug of ours propagates
    if (!(err instanceof SshUnsupported || err instanceof SshWireError || isExpectedNetworkError(err))) { throw err; }
    const why = err instanceof SshUnsupported ? err.message : `SSH exchange failed: ${(err as Error).message}`;
    return notRun(why, client.exchanges);
  } finally {
    client.disconnect();
  }
}

export const sshWeakAlgorithms: Check = {
  id: 'ssh-weak-algorithms',
  title: 'SSH server offers weak algorithms',
  severity: 'medium',
  services: ['ssh'],
  proves: 'The server\'s KEXINIT offers key exchange, host key, cipher or MAC algorithms that standards deprecate (SHA-1 key exchange, DSA, RC4, CBC, MD5 MACs …).',
  probe: 'SSH version exchange and KEXINIT; the offered algorithm lists are compared with RFC 9142 / RFC 8758 and OpenSSH deprecations; then DISCONNECT.',
  remediation: 'Remove the listed algorithms (OpenSSH: KexAlgorithms, HostKeyAlgorithms, Ciphers, MACs in sshd_config, e.g. `Ciphers -*-cbc`) and upgrade the SSH server.',
  references: [REF.rfc9142, REF.sshdConfig, REF.cwe327, sansPort(22)],
  async run(ctx) {
    return session(ctx, async (c) => {
      const k = await c.kexInit();
      const weak = weakAlgorithms(k);
      if (weak.length === 0) { return secure('The KEXINIT offers no deprecated algorithm.', c.exchanges); }
      const worst = weak.some((w) => /none|RC4|MUST NOT|no encryption|no integrity/.test(w.why)) ? 'high' as const : 'medium' as const;
      return vulnerable(`The server offers ${weak.length} weak algorithm(s): ${weak.map((w) => `${w.name} (${w.why})`).slice(0, 8).join('; ')}.`, c.exchanges,
        { severity: worst, details: { weak: weak.map((w) => `${w.kind}:${w.name}`) } });
    });
  },
};

export const sshPasswordAuth: Check = {
  id: 'ssh-password-auth',
  title: 'SSH accepts password authentication',
  severity: 'medium',
  services: ['ssh'],
  proves: 'After a real key exchange, the server\'s answer to the `none` authentication request lists "password": anyone can try passwords against it (brute force, credential stuffing).',
  probe: 'Version exchange, KEXINIT, curve25519-sha256 key exchange, NEWKEYS, ssh-userauth service request, USERAUTH_REQUEST method none for user "gatehouse-check"; then DISCONNECT. No password is sent.',
  remediation: 'Set `PasswordAuthentication no` and `KbdInteractiveAuthentication no` in sshd_config, use keys (or certificates) only, and limit who can reach port 22.',
  references: [REF.rfc4252, REF.sshdConfig, REF.cwe307, sansPort(22)],
  async run(ctx) {
    return session(ctx, async (c) => {
      await c.kexInit();
      await c.keyExchange();
      const auth = await c.authMethods(PROBE_USER);
      if (auth.success) {
        return vulnerable(`The server accepted the "none" method for user ${PROBE_USER}: no authentication at all.`, c.exchanges, { severity: 'critical', details: { noneAccepted: true } });
      }
      const methods = auth.methods;
      if (methods.includes('password')) {
        return vulnerable(`The server allows authentication methods ${methods.join(', ')}, including password.`, c.exchanges, { details: { methods } });
      }
      return secure(`The server allows ${methods.join(', ') || 'no methods'}; password is not among them.`, c.exchanges);
    });
  },
};
