/**
 * @module monitor/discovery/spf — the SPF record (RFC 7208) as discovery reads it: which TXT record is the SPF
 * policy (`v=spf1`, exactly one), and its terms. Only mechanisms with the pass qualifier (`+` or none) name the
 * organisation's senders; `ip4`/`ip6` give addresses or ranges, `a`/`mx` names to resolve, `include` and the
 * `redirect=` modifier other policies. `a`, `mx`, `include`, `redirect`, `exists` and `ptr` each cost one of the
 * 10 DNS lookups RFC 7208 § 4.6.4 allows (the walker enforces it). Pure.
 */

export type SpfTerm =
  | { readonly kind: 'ip4' | 'ip6'; readonly value: string }
  | { readonly kind: 'a' | 'mx'; readonly domain: string | null; readonly prefix: string }
  | { readonly kind: 'include' | 'redirect'; readonly domain: string }
  | { readonly kind: 'lookup-only'; readonly mechanism: 'exists' | 'ptr' };

export interface SpfPolicy { readonly terms: readonly SpfTerm[]; readonly ignored: readonly string[] }

/** At most this many terms are read from one record. */
export const MAX_SPF_TERMS = 64;

/** The one `v=spf1` record among TXT texts; null when none, or when several (RFC 7208 § 4.5: permerror). */
export function pickSpf(texts: readonly string[]): string | null {
  const spf = texts.filter((t) => /^v=spf1(\s|$)/i.test(t.trim()));
  return spf.length === 1 ? (spf[0] as string).trim() : null;
}

const DOMAIN = /^[a-z0-9_]([a-z0-9_-]{0,62})?(\.[a-z0-9_]([a-z0-9_-]{0,62})?)*\.?$/i;

/** Parses an SPF record's terms; unknown, macro-using or non-pass terms land in `ignored`. */
export function parseSpf(record: string): SpfPolicy {
  const terms: SpfTerm[] = [];
  const ignored: string[] = [];
  const words = record.trim().split(/\s+/).slice(1, 1 + MAX_SPF_TERMS);
  for (const word of words) {
    const w = word.toLowerCase();
    const redirect = /^redirect=(.+)$/.exec(w);
    if (redirect) {
      const d = redirect[1] as string;
      if (DOMAIN.test(d)) { terms.push({ kind: 'redirect', domain: d.replace(/\.$/, '') }); } else { ignored.push(word); }
      continue;
    }
    const m = /^([+?~-]?)(ip4|ip6|a|mx|include|exists|ptr|all)(?::([^/]*))?((?:\/\d{1,3}){0,2})$/.exec(w);
    if (!m) { ignored.push(word); continue; }
    const [, qualifier, mech, arg, cidr] = m as unknown as [string, string, string, string | undefined, string];
    if (mech === 'exists' || mech === 'ptr') { terms.push({ kind: 'lookup-only', mechanism: mech }); continue; }
    if (mech === 'all') { continue; }
    if (qualifier !== '' && qualifier !== '+') { ignored.push(word); continue; }
    if (mech === 'ip4' || mech === 'ip6') {
      if (arg === undefined || arg === '') { ignored.push(word); continue; }
      terms.push({ kind: mech, value: `${arg}${cidr.split('/').slice(0, 2).join('/')}` });
      continue;
    }
    if (arg !== undefined && !DOMAIN.test(arg)) { ignored.push(word); continue; } // macros (%{i}) are not expanded
    const domain = arg === undefined || arg === '' ? null : arg.replace(/\.$/, '');
    if (mech === 'include') {
      if (domain === null) { ignored.push(word); } else { terms.push({ kind: 'include', domain }); }
      continue;
    }
    terms.push({ kind: mech as 'a' | 'mx', domain, prefix: cidr });
  }
  return { terms, ignored };
}
