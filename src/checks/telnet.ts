/**
 * @module checks/telnet — `telnet-exposed` (port 23, RFC 854). Connects and waits for the server's first bytes:
 * Telnet option negotiation (IAC WILL/WONT/DO/DONT) or a login prompt proves a Telnet login service, whose
 * passwords cross the network in clear. Nothing is sent beyond the connect.
 */
import type { Check } from './types.js';
import { notRun, vulnerable } from './types.js';
import { withConn } from './session.js';
import { REF, sansPort } from './refs.js';

const IAC = 0xff;

/**
 * The Telnet negotiations a server opens with: consecutive IAC WILL/WONT/DO/DONT [option] (and IAC SB … IAC SE)
 * sequences from the first byte on; parsing stops at the first byte that is not part of one, so stray 0xFF bytes
 * later in arbitrary data do not count.
 */
export function telnetOptions(data: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i + 1 < data.length && data[i] === IAC) {
    const verb = data[i + 1] as number;
    if (verb >= 251 && verb <= 254) {
      const opt = data[i + 2];
      if (opt === undefined) { break; }
      out.push([verb, opt]);
      i += 3;
    } else if (verb === 250) {
      const se = data.indexOf(Buffer.from([IAC, 240]), i + 2);
      if (se < 0) { break; }
      i = se + 2;
    } else {
      break;
    }
  }
  return out;
}

const PROMPT = /login:|username:|password:/i;

/** Enough to decide: a login prompt, or bytes that are wholly Telnet negotiation (the server waits for our answers). */
function negotiationOrPrompt(d: Buffer): boolean {
  if (PROMPT.test(d.toString('latin1')) || d.length >= 512) { return true; }
  const opts = telnetOptions(d);
  return opts.length > 0 && d[d.length - 1] !== IAC && d.length === opts.length * 3;
}

export const telnetExposed: Check = {
  id: 'telnet-exposed',
  title: 'Telnet login service exposed',
  severity: 'high',
  services: ['telnet'],
  proves: 'A Telnet server answers with option negotiation or a login prompt: logins and sessions cross the network unencrypted.',
  probe: 'Connect and read the first bytes the server sends (nothing is sent).',
  remediation: 'Disable the Telnet daemon and use SSH instead; if a device only offers Telnet, reach it through a VPN or management network only.',
  references: [REF.rfc854, REF.cwe319, sansPort(23)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const r = await conn.exchange(null, { until: negotiationOrPrompt, maxBytes: 4096, timeoutMs: ctx.readTimeoutMs });
      const opts = telnetOptions(r.data);
      const prompt = PROMPT.exec(r.data.toString('latin1'));
      if (opts.length === 0 && prompt === null) { return notRun('no Telnet negotiation or login prompt received', conn.exchanges); }
      const what = opts.length > 0 ? `${opts.length} Telnet option negotiation(s)` : `a "${prompt?.[0] ?? ''}" prompt`;
      return vulnerable(`The service sent ${what} without encryption.`, conn.exchanges, { details: { telnetOptions: opts.length } });
    });
  },
};
