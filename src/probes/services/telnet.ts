/**
 * @module probes/services/telnet — Telnet (port 23). Spec: RFC 854 (IAC = 0xFF followed by WILL 0xFB, WONT 0xFC,
 * DO 0xFD, DONT 0xFE + option, or SB … IAC SE), RFC 1091/1073/1572 (common options). The server usually opens
 * with option negotiation; nothing is sent. Reveals the negotiated options and the login text (OS hint).
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact } from '../util.js';

const VERBS: Readonly<Record<number, string>> = { 0xfb: 'WILL', 0xfc: 'WONT', 0xfd: 'DO', 0xfe: 'DONT' };

/** Walk IAC sequences from the start; the options seen and the text after them. */
export function parseTelnet(data: Buffer): ServiceMatch | null {
  const d = data.subarray(0, 4096);
  if (d.length < 3 || d[0] !== 0xff) { return null; }
  const options: string[] = [];
  let i = 0;
  let text = '';
  while (i < d.length) {
    const b = d[i] as number;
    if (b !== 0xff) { text += String.fromCharCode(b); i += 1; continue; }
    const verb = d[i + 1];
    if (verb === undefined) { break; }
    if (verb >= 0xfb && verb <= 0xfe) {
      const opt = d[i + 2];
      if (opt === undefined) { break; }
      if (options.length < 32) { options.push(`${VERBS[verb] ?? '?'} ${opt}`); }
      i += 3;
    } else if (verb === 0xfa) {                       // SB … IAC SE
      let j = i + 2;
      while (j + 1 < d.length && !(d[j] === 0xff && d[j + 1] === 0xf0)) { j += 1; }
      i = j + 2;
    } else if (verb === 0xff) { text += '\xff'; i += 2; } else { i += 2; }
  }
  if (options.length === 0) { return null; }
  const login = text.replace(/\r/g, '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const os = /(Debian GNU\/Linux|Ubuntu|CentOS|Red Hat|FreeBSD|Linux)[^\n]*/i.exec(login.join('\n'))?.[0];
  return compact({
    name: 'telnet', product: /Linux|BSD/i.test(os ?? '') ? 'Linux telnetd' : undefined,
    extraInfo: os !== undefined ? clean(os, 80) : undefined,
    confidence: options.length >= 2 ? 0.95 : 0.8,
    facts: { 'telnet.options': options, ...(login.length > 0 ? { 'telnet.text': clean(login.join(' / '), 256) } : {}) },
  });
}

export const telnetRule: ProbeRule = { name: 'telnet', service: 'telnet', ports: [23, 2323], banner: true, match: parseTelnet };
