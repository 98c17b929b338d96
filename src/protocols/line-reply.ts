/**
 * @module protocols/line-reply — when a reply of a line protocol with `NNN-` continuation lines (FTP, RFC 959 §4.2;
 * SMTP, RFC 5321 §4.2.1) is complete. Two tests with different meanings, both used on untrusted bytes:
 * - `endsAtFinalReply`: the bytes end with a newline and their last non-empty line is a final `NNN text` (or bare
 *   `NNN`) line — nothing more is owed right now (identification reading a banner that may come in pieces).
 * - `holdsFinalReply`: some complete line is a final line — the first reply is in (the checks' request/response
 *   steps, which read one reply per command).
 */

/** At most this many bytes are looked at. */
const MAX = 65_536;

export function endsAtFinalReply(d: Buffer): boolean {
  if (d.length === 0 || d[d.length - 1] !== 0x0a) { return false; }
  const ls = d.toString('latin1', 0, Math.min(d.length, MAX)).split(/\r?\n/).filter((l) => l.length > 0);
  return /^\d{3}(?: |$)/.test(ls[ls.length - 1] ?? '');
}

export function holdsFinalReply(data: Buffer): boolean {
  const lines = data.toString('latin1').split('\n');
  lines.pop(); // the unterminated tail, if any
  return lines.some((l) => /^\d{3}(?: |\r|$)/.test(l));
}
