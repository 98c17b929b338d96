/** @module core/targets/parse — one target expression → a spec; throws UsageError GH_ERR_TARGET_SYNTAX naming the input. */
import { UsageError } from '../../errors/index.js';
import { quote } from '../quote.js';
import { big, parseAddress } from './address.js';
import { interval, octetSpec, type AddressSpec, type TargetSpec } from './spec.js';

function syntax(text: string, why: string): never {
  throw new UsageError('GH_ERR_TARGET_SYNTAX', `invalid target "${quote(text)}": ${why}`);
}

function checkIPv4Octets(text: string, body: string): void {
  const parts = body.split('.');
  for (const p of parts) {
    for (const n of p.match(/\d+/g) ?? []) {
      if (Number(n) > 255) { syntax(text, `octet ${quote(n)} is out of range 0-255`); }
    }
  }
  if (parts.length !== 4) { syntax(text, `an IPv4 address has 4 octets, not ${parts.length}`); }
}

function parseOctet(text: string, part: string): number[] {
  const seen = new Uint8Array(256);
  if (part === '*') { seen.fill(1); }
  for (const item of part === '*' ? [] : part.split(',')) {
    const m = /^(\d{0,3})(?:(-)(\d{0,3}))?$/.exec(item);
    if (!m || item === '' || item === '-') { syntax(text, `bad octet "${quote(part)}"`); }
    const lo = m[1] === '' ? 0 : Number(m[1]);
    const hi = m[2] === undefined ? lo : m[3] === '' ? 255 : Number(m[3]);
    if (lo > hi) { syntax(text, `octet range ${quote(item)} runs backwards`); }
    seen.fill(1, lo, hi + 1);
  }
  const out: number[] = [];
  for (let i = 0; i < 256; i++) { if (seen[i]) { out.push(i); } }
  return out;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function checkHostname(text: string): string {
  const name = text.replace(/\.$/, '').toLowerCase();
  if (name.length === 0 || name.length > 253) { syntax(text, 'a hostname has 1-253 characters'); }
  const labels = name.split('.');
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) { syntax(text, bad === '' ? 'empty label in hostname' : `bad hostname label "${quote(bad)}"`); }
  if (/^\d+$/.test(labels[labels.length - 1] as string)) { syntax(text, 'the last label of a hostname cannot be numeric'); }
  return name;
}

/** Parses one target expression; throws UsageError GH_ERR_TARGET_SYNTAX naming the input. */
export function parseTargetSpec(input: string): TargetSpec {
  const text = input.trim();
  if (text === '') { syntax(input, 'empty target'); }

  const slash = text.indexOf('/');
  if (slash >= 0) {
    const base = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    const addr = parseAddress(base);
    if (!addr) {
      if (/^[\d.]+$/.test(base)) { checkIPv4Octets(text, base); }
      syntax(text, `"${quote(base)}" is not an IP address`);
    }
    const bits = addr.family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) { syntax(text, `prefix must be 0-${bits}`); }
    const prefix = Number(prefixText);
    const hostBits = BigInt(bits - prefix);
    const first = (big(addr) >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    return { ...interval('cidr', text, addr.family, first, last), prefix };
  }

  const addr = parseAddress(text);
  if (addr) { return interval('ip', text, addr.family, big(addr), big(addr)); }
  if (text.includes(':')) { syntax(text, 'not a valid IPv6 address'); }

  // IPv4-looking: a full range, an octet range, or a broken address — never a hostname.
  if (/^[\d.,*-]+$/.test(text)) {
    const full = /^(\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
    if (full) {
      checkIPv4Octets(text, full[1] as string);
      checkIPv4Octets(text, full[2] as string);
      const a = parseAddress(full[1] as string);
      const b = parseAddress(full[2] as string);
      if (!a || !b) { syntax(text, 'not a valid address range'); }
      if (big(a) > big(b)) { syntax(text, 'range runs backwards'); }
      return { ...interval('range', text, 4, big(a), big(b)), family: 4 };
    }
    checkIPv4Octets(text, text);
    return octetSpec(text, text.split('.').map((p) => parseOctet(text, p)));
  }
  return { kind: 'hostname', text, name: checkHostname(text) };
}

/** An address spec of an exclusion or a scope (no hostnames: they belong in targets). */
export function parseAddressSpec(s: string): AddressSpec {
  const spec = parseTargetSpec(s);
  if (spec.kind === 'hostname') { syntax(s, 'a hostname cannot be used here; give addresses, ranges or CIDRs'); }
  return spec;
}
