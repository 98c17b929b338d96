/**
 * @module import/xml — a bounded, streaming XML reader on saxes (a maintained, conforming streaming parser). Text is
 * written in chunks; elements are built as small trees and handed to the caller when they close, so a caller that
 * consumes each `<host>` keeps nothing of it: memory follows one subtree, not the file. Fails with GH_ERR_IMPORT
 * on malformed XML. Bounds: bytes (UTF-8, counted as written), elements held at once (consumed subtrees no longer
 * count), nesting depth, and text kept per element (MAX_TEXT; the rest is dropped).
 */
import { SaxesParser } from 'saxes';
import { UsageError } from '../errors/index.js';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

export interface XmlLimits { readonly maxBytes: number; readonly maxElements: number; readonly maxDepth: number }
export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({ maxBytes: 256 * 1024 * 1024, maxElements: 5_000_000, maxDepth: 64 });

/** Text kept per element: nmap's text nodes that matter (cpe) are short; script output beyond this is dropped. */
const MAX_TEXT = 65_536;

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

/**
 * Called when an element closes, with its depth (the root is 0). Returning true consumes it: it is not attached to
 * its parent (the caller has taken what it needs), so its memory is released.
 */
export type OnClose = (el: XmlElement, depth: number) => boolean;

/** Elements in a subtree, itself included. */
function sizeOf(el: XmlElement): number {
  let n = 1;
  for (const c of el.children) { n += sizeOf(c); }
  return n;
}

/** A streaming reader: `write` chunks of text in order, then `end` once; returns the root (without consumed children). */
export class XmlReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  private bytes = 0;
  private elements = 0;

  constructor(private readonly onClose: OnClose = () => false, private readonly limits: XmlLimits = DEFAULT_XML_LIMITS) {
    const p = this.parser;
    p.on('error', (err) => { throw new UsageError('GH_ERR_IMPORT', `malformed XML at offset ${p.position}: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`); });
    p.on('opentag', (tag) => {
      if (++this.elements > this.limits.maxElements) { throw new UsageError('GH_ERR_IMPORT', `XML has more than ${this.limits.maxElements} elements`); }
      const el: XmlElement = { name: tag.name, attrs: tag.attributes, children: [], text: '' };
      if (this.stack.length === 0) { this.root = el; }
      this.stack.push(el);
      if (this.stack.length > this.limits.maxDepth) { throw new UsageError('GH_ERR_IMPORT', `XML nested deeper than ${this.limits.maxDepth}`); }
    });
    p.on('closetag', () => {
      const el = this.stack.pop();
      const parent = this.stack.at(-1);
      if (el === undefined) { return; }
      if (this.onClose(el, this.stack.length)) { this.elements -= sizeOf(el); } else if (parent !== undefined) { parent.children.push(el); }
    });
    const text = (t: string): void => {
      const top = this.stack.at(-1);
      if (top !== undefined && top.text.length < MAX_TEXT) { top.text += t.slice(0, MAX_TEXT - top.text.length); }
    };
    p.on('text', (t) => { if (t.trim() !== '') { text(t); } });
    p.on('cdata', text);
  }

  write(chunk: string): void {
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (this.bytes > this.limits.maxBytes) { throw new UsageError('GH_ERR_IMPORT', `XML input larger than ${this.limits.maxBytes} bytes`); }
    this.parser.write(chunk);
  }

  end(): XmlElement {
    this.parser.close();
    if (this.root === undefined) { throw new UsageError('GH_ERR_IMPORT', 'malformed XML: no root element'); }
    return this.root;
  }
}

/** Parses a whole document held in memory; returns its root element with every child (small inputs, tests). */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const r = new XmlReader(() => false, limits);
  r.write(text);
  return r.end();
}

export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
export const children = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
