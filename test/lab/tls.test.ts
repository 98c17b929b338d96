/**
 * TLS analysis against real servers in a namespace (lab/tls/lab.sh): nginx, openssl s_server (expired, self-signed,
 * wrong name, TLS 1.0/1.1 + weak suites + 1024-bit key, TLS 1.3 only, incomplete chain, not yet valid), postfix and
 * dovecot with STARTTLS, vsftpd with AUTH TLS. Each endpoint must give exactly its findings — no more, no fewer.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtMissing, labSkip, missingCommands, netnsMissing } from './require.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = `${ROOT}dist/cli/main.js`;
const LAB = `${ROOT}lab/tls/lab.sh`;
const NS = `gh-tls-${process.pid}`;
const DIR = `/tmp/gh-tls-${process.pid}`;
const CA = `${DIR}/pki/root.pem`;

const missing = missingCommands(['openssl', 'nginx', 'postfix', 'dovecot', 'vsftpd', 'ss']);
const skipReason = netnsMissing() || (missing.length > 0 ? `missing ${missing.join(', ')} (scripts/apt/tls.list)` : builtMissing(CLI));

interface Out { code: number; stdout: string; stderr: string }
function cli(args: string[]): Out {
  try {
    const stdout = execFileSync('ip', ['netns', 'exec', NS, 'node', CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

interface TlsJson { report: { protocols: string[]; ciphers: Record<string, string[]>; trust: { trusted: boolean } | null; hsts?: string | null; httpRedirect?: boolean; dhBits: number | null; serverCipherOrder: boolean | null; certificate: { subject: string } | null }; findings: { id: string; evidence: string }[] }
function tls(target: string, ...args: string[]): TlsJson {
  const r = cli(['tls', target, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as TlsJson;
}
const ids = (j: TlsJson): string[] => j.findings.map((f) => f.id).sort();

describe.skipIf(labSkip(skipReason))(`TLS lab${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  beforeAll(() => { execFileSync('bash', [LAB, 'up', NS, DIR], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 110_000 }); });
  afterAll(() => { execFileSync('bash', [LAB, 'down', NS, DIR], { stdio: 'inherit' }); });

  const noFs = 'tls-no-forward-secrecy';         // openssl s_server's default list includes static-RSA suites
  const endpoints: Array<{ name: string; target: string; args: string[]; want: string[] }> = [
    { name: 'valid chain (nginx)', target: '10.78.0.10:443', args: ['--sni', 'valid.lab'], want: [] },
    { name: 'expired', target: '10.78.0.11:443', args: ['--sni', 'expired.lab'], want: ['tls-expired-cert', noFs, 'https-no-hsts'] },
    { name: 'self-signed', target: '10.78.0.12:443', args: ['--sni', 'selfsigned.lab'], want: ['tls-self-signed', noFs, 'https-no-hsts'] },
    { name: 'wrong hostname', target: '10.78.0.13:443', args: ['--sni', 'wrong.lab'], want: ['tls-hostname-mismatch', noFs, 'https-no-hsts'] },
    {
      name: 'TLS 1.0/1.1, weak suites, 1024-bit key', target: '10.78.0.14:443', args: ['--sni', 'weak.lab'],
      want: ['tls-weak-protocol-tls1.0', 'tls-weak-protocol-tls1.1', 'tls-weak-cipher', noFs, 'tls-weak-dh', 'tls-no-tls1.3', 'tls-weak-signature', 'tls-short-key', 'https-no-hsts'],
    },
    { name: 'TLS 1.3 only', target: '10.78.0.15:443', args: ['--sni', 'tls13.lab'], want: ['https-no-hsts'] },
    { name: 'incomplete chain', target: '10.78.0.16:443', args: ['--sni', 'incomplete.lab'], want: ['tls-incomplete-chain', noFs, 'https-no-hsts'] },
    { name: 'not yet valid', target: '10.78.0.17:443', args: ['--sni', 'future.lab'], want: ['tls-not-yet-valid', noFs, 'https-no-hsts'] },
    { name: 'postfix STARTTLS, TLS 1.0+', target: '10.78.0.20:25', args: ['--starttls', 'smtp', '--sni', 'mail.lab'], want: ['tls-weak-protocol-tls1.0', 'tls-weak-protocol-tls1.1', 'tls-weak-cipher', noFs, 'tls-weak-dh', 'smtp-starttls-weak'] },
    { name: 'dovecot IMAP STARTTLS', target: '10.78.0.21:143', args: ['--starttls', 'imap', '--sni', 'mail.lab'], want: [] },
    { name: 'dovecot POP3 STLS', target: '10.78.0.21:110', args: ['--starttls', 'pop3', '--sni', 'mail.lab'], want: [] },
    { name: 'dovecot IMAPS', target: '10.78.0.21:993', args: ['--sni', 'mail.lab'], want: [] },
    { name: 'vsftpd AUTH TLS', target: '10.78.0.22:21', args: ['--starttls', 'ftp', '--sni', 'ftp.lab'], want: [noFs] },
  ];
  for (const e of endpoints) {
    it(`${e.name}: ${e.want.join(', ') || 'no findings'}`, () => {
      const j = tls(e.target, ...e.args, '--ca-file', CA);
      expect(ids(j)).toEqual([...e.want].sort());
      expect(j.report.certificate).not.toBeNull();
    });
  }

  it('reports what was accepted as evidence', () => {
    const weak = tls('10.78.0.14:443', '--sni', 'weak.lab', '--ca-file', CA);
    expect(weak.report.protocols).toEqual(['TLSv1.0', 'TLSv1.1']);
    expect(weak.report.dhBits).toBe(1024);
    expect(weak.report.ciphers['TLSv1.0']).toEqual(expect.arrayContaining(['TLS_RSA_WITH_NULL_SHA', 'TLS_DH_anon_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']));
    expect(weak.findings.find((f) => f.id === 'tls-weak-cipher')?.evidence).toMatch(/TLS_RSA_WITH_NULL_MD5/);
    // postfix sizes DH by the suite: 2048 bits for DHE-RSA, 1024 for anonymous AES-128 suites; the smallest counts.
    const smtp = tls('10.78.0.20:25', '--starttls', 'smtp', '--sni', 'mail.lab', '--ca-file', CA);
    expect(smtp.report.dhBits).toBe(1024);
    expect(smtp.findings.find((f) => f.id === 'tls-weak-dh')?.evidence).toMatch(/TLS_DH_anon_WITH_AES_128/);
    const good = tls('10.78.0.10:443', '--sni', 'valid.lab', '--ca-file', CA);
    expect(good.report.protocols).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(good.report.ciphers['TLSv1.2']).toEqual(['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256']);
    expect(good.report.serverCipherOrder).toBe(true);
    expect(good.report.hsts).toMatch(/max-age=31536000/);
    expect(good.report.httpRedirect).toBe(true);
  });

  it('without --ca-file the lab chain is untrusted (and nothing else changes)', () => {
    expect(ids(tls('10.78.0.10:443', '--sni', 'valid.lab'))).toEqual(['tls-untrusted-chain']);
  });

  it('fails cleanly on a port that does not speak TLS, or is closed', () => {
    const smtp = cli(['tls', '10.78.0.20:25']);
    expect(smtp.code).toBe(1);
    expect(smtp.stderr).toMatch(/not TLS|handshake failed/);
    const closed = cli(['tls', '10.78.0.10:444']);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/ECONNREFUSED/);
    expect(cli(['tls', '10.78.0.10']).code).toBe(2);
  });

  it('gatehouse scan runs the TLS stage (implicit TLS and STARTTLS)', () => {
    const r = cli(['scan', '10.78.0.14', '10.78.0.20', '-p', '25,443', '--json', '-q', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { hosts: { address: string; ports: { port: number; tls?: { protocols: string[]; starttls?: string }; findings?: { id: string }[] }[] }[] };
    const port = (a: string, p: number) => doc.hosts.find((h) => h.address === a)?.ports.find((x) => x.port === p);
    expect(port('10.78.0.14', 443)?.tls?.protocols).toEqual(['TLSv1.0', 'TLSv1.1']);
    expect(port('10.78.0.14', 443)?.findings?.map((f) => f.id)).toEqual(expect.arrayContaining(['tls-weak-protocol-tls1.0', 'tls-short-key', 'tls-weak-dh']));
    expect(port('10.78.0.20', 25)?.tls?.starttls).toBe('smtp');
    expect(port('10.78.0.20', 25)?.findings?.map((f) => f.id)).toContain('smtp-starttls-weak');
  });
});
