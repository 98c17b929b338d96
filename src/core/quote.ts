/**
 * @module core/quote — user input inside messages: control characters escaped (C0, DEL, C1, bidi overrides), so a
 * target file cannot retitle or recolour the terminal, and length capped, so one message stays one short line.
 */

/** What a message quotes of one input value, at most (characters, before the ellipsis and the count). */
export const QUOTE_MAX = 200;
/** A whole message line at most (the edge's backstop for anything not quoted through `quote`). */
export const LINE_MAX = 1000;

/** C0 controls, DEL, C1 controls, and the Unicode bidi embedding/override/isolate controls. */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

const NAMED: Readonly<Record<number, string>> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

/** Every control character as a visible escape (`\x1b`, `\n`, `\u202e`); everything else unchanged. */
export function escapeControls(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) { continue; }
    out += text.slice(from, i) + (NAMED[code] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`));
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** One input value for a message: escaped, and cut at `max` with an ellipsis and its full length. */
export function quote(text: string, max = QUOTE_MAX): string {
  const head = escapeControls(text.length > max ? text.slice(0, max) : text);
  if (text.length <= max && head.length <= max) { return head; }
  return `${head.slice(0, max)}… (${text.length} chars)`;
}

/** A list of input values for a message (a scope, a set of targets): as many as fit in `max`, then the count. */
export function quoteList(items: readonly string[], max = QUOTE_MAX, sep = ','): string {
  let out = '';
  let shown = 0;
  for (const item of items) {
    const next = (shown > 0 ? sep : '') + quote(item, max);
    if (shown > 0 && out.length + next.length > max) { break; }
    out += next;
    shown++;
    if (out.length >= max) { break; }
  }
  return shown === items.length ? out : `${out}${sep}… (${items.length} entries)`;
}

/** The edge's last word on a message line: controls escaped, at most `max` characters. */
export function safeLine(message: string, max = LINE_MAX): string {
  const line = escapeControls(message);
  return line.length <= max ? line : `${line.slice(0, max)}… (${line.length - max} more chars)`;
}
