/**
 * @module import/xml — a small, bounded XML reader for the subset nmap's `-oX` output uses: elements, attributes,
 * character data, entities; declarations, comments, processing instructions and CDATA are skipped or kept as text.
 * Not a validating parser: it builds a tree of elements and fails with GH_ERR_IMPORT on malformed structure.
 * Bounds: input size, element count and nesting depth are capped so a hostile file cannot exhaust memory or stack.
 */
import { UsageError } from '../errors/index.js';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export interface XmlLimits { readonly maxBytes: number; readonly maxElements: number; readonly maxDepth: number }
export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({ maxBytes: 256 * 1024 * 1024, maxElements: 5_000_000, maxDepth: 64 });

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five named entities and numeric references; anything else is left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) { return s; }
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (all, e: string) => {
    if (e.startsWith('#')) {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : all;
    }
    return NAMED[e] ?? all;
  });
}

const fail = (msg: string, at: number): never => { throw new UsageError('GH_ERR_IMPORT', `malformed XML at offset ${at}: ${msg}`); };

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTR = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/** Parses a document; returns its root element. */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (text.length > limits.maxBytes) { throw new UsageError('GH_ERR_IMPORT', `XML input larger than ${limits.maxBytes} bytes`); }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.trim() !== '') {
      const top = stack.at(-1);
      if (!top) { fail('text outside the root element', i); } else { top.text += decodeEntities(chunk); }
    }
    if (lt < 0) { break; }
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) { fail('unterminated comment', i); }
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end < 0) { fail('unterminated CDATA', i); }
      const top = stack.at(-1);
      if (top) { top.text += text.slice(i + 9, end); }
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) { fail('unterminated processing instruction', i); }
      i = end + 2;
    } else if (text.startsWith('<!', i)) {
      const end = text.indexOf('>', i + 2);   // <!DOCTYPE nmaprun> (nmap writes no internal subset)
      if (end < 0) { fail('unterminated declaration', i); }
      i = end + 1;
    } else if (text.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      if (!m) { fail('bad closing tag', i); }
      const name = m![0];
      const end = text.indexOf('>', NAME.lastIndex);
      if (end < 0 || text.slice(NAME.lastIndex, end).trim() !== '') { fail('bad closing tag', i); }
      const top = stack.pop();
      if (!top || top.name !== name) { fail(`</${name}> does not close <${top?.name ?? ''}>`, i); }
      i = end + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (!m) { fail('bad tag', i); }
      const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
      let j = NAME.lastIndex;
      for (;;) {
        ATTR.lastIndex = j;
        const a = ATTR.exec(text);
        if (!a) { break; }
        attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
        j = ATTR.lastIndex;
      }
      while (j < text.length && /\s/.test(text[j]!)) { j++; }
      const selfClose = text.startsWith('/>', j);
      if (!selfClose && text[j] !== '>') { fail('bad attribute or unterminated tag', j); }
      i = j + (selfClose ? 2 : 1);
      if (++count > limits.maxElements) { throw new UsageError('GH_ERR_IMPORT', `XML has more than ${limits.maxElements} elements`); }
      const el: XmlElement = { name: m![0], attrs, children: [], text: '' };
      const parent = stack.at(-1);
      if (parent) { parent.children.push(el); } else if (root) { fail('more than one root element', lt); } else { root = el; }
      if (!selfClose) {
        stack.push(el);
        if (stack.length > limits.maxDepth) { throw new UsageError('GH_ERR_IMPORT', `XML nested deeper than ${limits.maxDepth}`); }
      }
    }
  }
  if (stack.length > 0) { fail(`<${stack.at(-1)!.name}> is not closed`, text.length); }
  if (!root) { fail('no root element', 0); }
  return root!;
}

export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
export const children = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
