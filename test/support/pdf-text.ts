/**
 * @module test/support/pdf-text — just enough PDF reading for tests to check what a Chromium (Skia) PDF says:
 * the document title from the Info dictionary, and the page text, decoded through each font's ToUnicode CMap
 * (Skia writes text as `<glyph ids> Tj` / `[<…> n <…>] TJ` with Identity-H fonts). Not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';

/** Decodes a PDF string: `(literal)` or `<hex>`, UTF-16BE when it starts with the FEFF mark. */
function pdfString(raw: string): string {
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s+/g, '');
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) { return bytes.subarray(2).swap16().toString('utf16le'); }
    return bytes.toString('latin1');
  }
  return raw.slice(1, -1).replace(/\\([()\\])/g, '$1');
}

/** The Info dictionary's /Title, or null. */
export function pdfTitle(pdf: Buffer): string | null {
  const m = /\/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))/.exec(pdf.toString('latin1'));
  return m?.[1] === undefined ? null : pdfString(m[1]);
}

/** Every stream's content, inflated when FlateDecode (others as they are). */
function streams(pdf: Buffer): string[] {
  const s = pdf.toString('latin1');
  const out: string[] = [];
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) { break; }
    const body = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(m[1] ?? '')) {
      try { out.push(inflateSync(body).toString('latin1')); } catch (err) { out.push(`(uninflatable stream: ${(err as Error).message})`); }
    } else {
      out.push(body.toString('latin1'));
    }
    re.lastIndex = end;
  }
  return out;
}

/** One ToUnicode CMap: glyph id (hex) → text. */
function parseCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const u16 = (hex: string): string => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const p of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) { map.set((p[1] ?? '').toUpperCase(), u16(p[2] ?? '')); }
  }
  for (const block of cmap.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const p of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const [lo, hi, dst] = [parseInt(p[1] ?? '0', 16), parseInt(p[2] ?? '0', 16), parseInt(p[3] ?? '0', 16)];
      const width = (p[1] ?? '').length;
      for (let g = lo; g <= hi && g - lo < 65536; g++) { map.set(g.toString(16).toUpperCase().padStart(width, '0'), String.fromCodePoint(dst + g - lo)); }
    }
  }
  return map;
}

/**
 * The page text, once per font CMap (glyph ids are per font, so each CMap decodes the text set in that font and
 * garbles the rest): search the joined result for a phrase.
 */
export function pdfText(pdf: Buffer): string {
  const all = streams(pdf);
  const cmaps = all.filter((s) => s.includes('begincmap')).map(parseCMap);
  // one entry per text object (BT … ET): kerning splits a word over several Tj, so a block's strings are joined
  const shown = all.filter((s) => /T[Jj]/.test(s) && !s.includes('begincmap')).flatMap((s) => s.split(/\bET\b/))
    .map((block) => [...block.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj/g)]
      .map((m) => m[2] ?? [...(m[1] ?? '').matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => x[1] ?? '').join('')).join(''))
    .filter((hex) => hex !== '');
  return cmaps.map((map) => shown.map((hex) => {
    let text = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) { text += map.get(hex.slice(i, i + 4).toUpperCase()) ?? '\uFFFD'; }
    return text;
  }).join('\n')).join('\n');
}
