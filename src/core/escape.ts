/** @module core/escape — untrusted bytes as bounded, printable evidence text (the `Exchange` encoding). */

/** Evidence strings keep at most this many input bytes by default. */
export const EVIDENCE_MAX_BYTES = 2048;

/**
 * Printable ASCII is kept, `\r` `\n` `\t` and backslash are written as escapes, every other byte as `\xNN`.
 * Bytes beyond `max` are dropped and `truncated` is set, so a hostile service that sends megabytes cannot bloat a
 * report. The encoding is reversible with `unescapeBytes`.
 */
export function escapeBytes(bytes: Uint8Array, max = EVIDENCE_MAX_BYTES): { text: string; truncated: boolean } {
  const n = Math.min(bytes.length, max);
  let out = '';
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0x5c) { out += '\\\\'; } else if (b === 0x0d) { out += '\\r'; } else if (b === 0x0a) { out += '\\n'; } else if (b === 0x09) { out += '\\t'; } else if (b >= 0x20 && b < 0x7f) { out += String.fromCharCode(b); } else { out += `\\x${b.toString(16).padStart(2, '0')}`; }
  }
  return { text: out, truncated: bytes.length > max };
}

/** `escapeBytes(...).text`, for when the truncation flag is not needed. */
export function escapeText(bytes: Uint8Array | string, max = EVIDENCE_MAX_BYTES): string {
  return escapeBytes(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, max).text;
}

/** The inverse of `escapeBytes` (for tests and tools that replay evidence). */
export function unescapeBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c) { out.push(c); continue; }
    const k = text[i + 1];
    if (k === '\\') { out.push(0x5c); i += 1; } else if (k === 'r') { out.push(0x0d); i += 1; } else if (k === 'n') { out.push(0x0a); i += 1; } else if (k === 't') { out.push(0x09); i += 1; } else if (k === 'x') { out.push(parseInt(text.slice(i + 2, i + 4), 16)); i += 3; } else { out.push(c); }
  }
  return Buffer.from(out);
}
