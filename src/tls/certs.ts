/**
 * @module tls/certs — certificate-chain analysis with node:crypto's X509Certificate: subject, SANs, issuer,
 * validity, key type and size, signature algorithm; chain building from the certificates the server sent to a trust
 * anchor (Node's bundled Mozilla roots, `tls.rootCertificates`, plus any `--ca-file`); hostname match against the
 * scanned name. Pure: no I/O, `now` is passed in.
 *
 * Verdicts: `selfSigned` = the leaf is issued by itself; `complete` = the sent certificates link (signature
 * verified) up to an anchor, a self-signed root, or a sent CA certificate whose (root) issuer is unknown; `trusted` =
 * the path ends at an anchor. The leaf's issuer neither sent nor known = an incomplete chain (a missing intermediate).
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { isIP } from 'node:net';
import { signatureAlgorithm } from './der.js';

export interface CertInfo {
  subject: string;
  issuer: string;
  sans: string[];
  serial: string;
  notBefore: string;                 // ISO 8601
  notAfter: string;
  daysLeft: number;
  keyType: string;                   // 'rsa', 'ec', 'ed25519', 'dsa', …
  keyBits: number;
  curve: string | null;
  signatureAlgorithm: string;
  selfIssued: boolean;
  isCA: boolean;
  sha256: string;
}

export interface ChainAnalysis {
  leaf: CertInfo;
  chain: CertInfo[];                 // as sent, leaf first
  path: string[];                    // subjects from leaf to where the path ended
  selfSigned: boolean;
  complete: boolean;
  trusted: boolean;
  /** The issuer that could not be found when the chain is incomplete. */
  missingIssuer: string | null;
  /** The issuer above the last sent CA certificate when it is not among the anchors (a private or unknown root). */
  unknownRoot: string | null;
  /** Whether the scanned name matches; null when no name was given. */
  hostnameMatch: boolean | null;
  hostname: string | null;
}

const CURVE_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, prime192v1: 192,
  brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512,
};

function oneLine(dn: string): string { return dn.split('\n').filter(Boolean).join(', '); }

export function certInfo(cert: X509Certificate, now: Date): CertInfo {
  const key = cert.publicKey;
  const d = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? 'unknown';
  const curve = d.namedCurve ?? null;
  const keyBits = d.modulusLength ?? (curve !== null ? CURVE_BITS[curve] ?? 0 : type === 'ed25519' ? 256 : type === 'ed448' ? 448 : 0);
  const notAfter = new Date(cert.validTo);
  const sig = signatureAlgorithm(cert.raw);
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    sans: (cert.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    serial: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000),
    keyType: type,
    keyBits,
    curve,
    signatureAlgorithm: sig.value?.name ?? `unparsed (${sig.error ?? ''})`,
    selfIssued: cert.subject === cert.issuer && issuedBy(cert, cert),
    isCA: cert.ca,
    sha256: cert.fingerprint256,
  };
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;                    // a key type node cannot verify with: not a proven link
  }
}

let bundled: X509Certificate[] | null = null;
/** Node's bundled Mozilla roots, parsed once on first use. */
export function bundledRoots(): X509Certificate[] {
  bundled ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return bundled;
}

/** Splits a PEM bundle into certificates; throws on a block node cannot parse (the CLI turns it into a usage error). */
export function parsePemBundle(text: string): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

export interface ChainOptions {
  readonly hostname?: string | undefined;
  readonly anchors: readonly X509Certificate[];
  readonly now: Date;
}

export function analyzeChain(ders: readonly Buffer[], o: ChainOptions): ChainAnalysis | null {
  const sent: X509Certificate[] = [];
  for (const der of ders) {
    try { sent.push(new X509Certificate(der)); } catch { break; }   // an unparsable certificate ends the usable chain
  }
  const leaf = sent[0];
  if (leaf === undefined) { return null; }
  const isAnchor = (c: X509Certificate): boolean => o.anchors.some((a) => a.fingerprint256 === c.fingerprint256);
  const path: X509Certificate[] = [leaf];
  let cur = leaf;
  let trusted = false;
  let complete = false;
  let missingIssuer: string | null = null;
  let unknownRoot: string | null = null;
  for (let depth = 0; depth < 12; depth++) {
    if (isAnchor(cur)) { trusted = true; complete = true; break; }
    const fromServer = sent.find((c) => c !== cur && !path.includes(c) && issuedBy(cur, c));
    if (fromServer !== undefined) { path.push(fromServer); cur = fromServer; continue; }
    const anchor = o.anchors.find((a) => issuedBy(cur, a));
    if (anchor !== undefined) { path.push(anchor); trusted = true; complete = true; break; }
    if (issuedBy(cur, cur)) { complete = true; break; }
    // The issuer is nowhere. Below a CA certificate the server sent, it is the root (servers need not send roots):
    // the chain is complete but ends at an unknown root. Below the leaf, the server left out an intermediate.
    if (cur !== leaf && cur.ca) { complete = true; unknownRoot = oneLine(cur.issuer); break; }
    missingIssuer = oneLine(cur.issuer);
    break;
  }
  const name = o.hostname;
  let hostnameMatch: boolean | null = null;
  if (name !== undefined && name !== '') {
    hostnameMatch = isIP(name) !== 0 ? leaf.checkIP(name) !== undefined : leaf.checkHost(name) !== undefined;
  }
  return {
    leaf: certInfo(leaf, o.now),
    chain: sent.map((c) => certInfo(c, o.now)),
    path: path.map((c) => oneLine(c.subject)),
    selfSigned: path.length === 1 && issuedBy(leaf, leaf),
    complete,
    trusted,
    missingIssuer,
    unknownRoot,
    hostnameMatch,
    hostname: name ?? null,
  };
}
