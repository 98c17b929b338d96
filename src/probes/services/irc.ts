/**
 * @module probes/services/irc — IRC (ports 6667, 6697 over TLS). Spec: RFC 2812 §2.3 (":prefix COMMAND params"),
 * §5 (numeric replies; 451 ERR_NOTREGISTERED). Many servers greet with NOTICE lines; otherwise we send `VERSION`,
 * which an unregistered client gets answered with 451 (or 351 with the version). Read-only, no registration.
 */
import type { ProbeRule, ServiceMatch } from '../types.js';
import { clean, compact, lines } from '../util.js';

export function parseIrc(data: Buffer): ServiceMatch | null {
  const ls = lines(data, 4096);
  const msg = ls.find((l) => /^(?::\S+ )?(?:NOTICE (?:AUTH|\*)|\d{3} |ERROR :)/.test(l));
  if (msg === undefined) { return null; }
  const v = ls.map((l) => /^:\S+ 351 \S+ (\S+) (\S+)/.exec(l)).find((x) => x !== null);
  const impl = v?.[1] !== undefined ? /^([A-Za-z][\w-]*?)-?(\d[\w.+-]*)$/.exec(v[1]) : null;
  const numeric = /^(?::\S+ )?(\d{3}) /.exec(msg)?.[1];
  const strong = /NOTICE (?:AUTH|\*) :\*\*\*/.test(msg) || numeric === '451' || numeric === '351' || numeric === '020';
  if (!strong && !/^:\S+ \d{3} /.test(msg)) { return null; }
  return compact({
    name: 'irc', product: impl?.[1], version: impl?.[2],
    confidence: strong ? 0.9 : 0.6,
    facts: { 'irc.banner': clean(msg) },
  });
}

export const ircRule: ProbeRule = {
  name: 'irc',
  service: 'irc',
  ports: [6667, 6668, 6669, 7000],
  banner: true,
  payload: 'VERSION\r\n',
  until: (d) => /\r?\n$/.test(d.toString('latin1')) && /(?:^|\n)(?::\S+ )?(?:451|351|421|ERROR)/.test(d.toString('latin1')),
  match: parseIrc,
};
