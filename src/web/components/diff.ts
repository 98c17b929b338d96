/**
 * @module web/components/diff — a run-to-run diff as the lines a person reads on the timeline, most important
 * first: the grade move, ports opened/closed, findings new/reopened/fixed, services changed, hosts appeared or
 * gone silent. Each line has a tone (worse/better/neutral) for colour and an icon-free text for screen readers.
 */
import type { DiffView } from '../api/views';
import type { Change } from '../api/pending';

export type Tone = 'worse' | 'better' | 'neutral';
export interface DiffLine { readonly kind: string; readonly text: string; readonly tone: Tone }

const where = (host: string, port: number | null, protocol?: string | null): string =>
  port === null ? host : `${host}:${port}${protocol === undefined || protocol === null ? '' : `/${protocol}`}`;

const svc = (s: { name: string; product: string | null; version: string | null }): string =>
  [s.name, s.product, s.version].filter((x) => x !== null && x !== '').join(' ');

export function signed(n: number): string { return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(1)}`; }

export function diffLines(d: DiffView): DiffLine[] {
  const out: DiffLine[] = [];
  const g = d.grade;
  if (g.before !== null && g.after !== null && g.delta !== null && (g.delta !== 0 || g.before.letter !== g.after.letter)) {
    const tone: Tone = g.delta < 0 ? 'worse' : g.delta > 0 ? 'better' : 'neutral';
    out.push({ kind: 'grade', tone, text: `Grade ${g.before.letter} → ${g.after.letter} (${signed(g.delta)} points, ${g.before.score.toFixed(1)} → ${g.after.score.toFixed(1)})` });
  } else if (g.before === null && g.after !== null) {
    out.push({ kind: 'grade', tone: 'neutral', text: `First grade: ${g.after.letter} (${g.after.score.toFixed(1)})` });
  }
  for (const p of d.ports.opened) { out.push({ kind: 'port-opened', tone: 'worse', text: `Port opened: ${where(p.host, p.port, p.protocol)} (${p.service})` }); }
  for (const f of d.findings.new) { out.push({ kind: 'finding-new', tone: 'worse', text: `New ${f.severity ?? ''} finding: ${f.title ?? f.id} on ${where(f.host, f.port, f.protocol)}`.replace('New  ', 'New ') }); }
  for (const f of d.findings.reopened) { out.push({ kind: 'finding-reopened', tone: 'worse', text: `Reopened: ${f.title ?? f.id} on ${where(f.host, f.port, f.protocol)}` }); }
  for (const h of d.hosts.appeared) { out.push({ kind: 'host-appeared', tone: 'neutral', text: `New host answering: ${h}` }); }
  for (const s of d.services) { out.push({ kind: 'service-changed', tone: 'neutral', text: `Service changed on ${where(s.host, s.port, s.protocol)}: ${svc(s.before)} → ${svc(s.after)}` }); }
  for (const p of d.ports.closed) { out.push({ kind: 'port-closed', tone: 'better', text: `Port closed: ${where(p.host, p.port, p.protocol)} (${p.service})` }); }
  for (const f of d.findings.fixed) { out.push({ kind: 'finding-fixed', tone: 'better', text: `Fixed: ${f.title ?? f.id} on ${where(f.host, f.port, f.protocol)}` }); }
  for (const h of d.hosts.disappeared) { out.push({ kind: 'host-silent', tone: 'neutral', text: `Host stopped answering (not counted as fixed): ${h}` }); }
  return out;
}

/** One-line summary of a diff, e.g. "2 ports opened, 1 finding fixed". */
export function diffSummary(d: DiffView): string {
  const parts: string[] = [];
  const n = (k: number, one: string, many: string): void => { if (k > 0) { parts.push(`${k} ${k === 1 ? one : many}`); } };
  n(d.ports.opened.length, 'port opened', 'ports opened');
  n(d.ports.closed.length, 'port closed', 'ports closed');
  n(d.findings.new.length, 'new finding', 'new findings');
  n(d.findings.reopened.length, 'finding reopened', 'findings reopened');
  n(d.findings.fixed.length, 'finding fixed', 'findings fixed');
  n(d.services.length, 'service changed', 'services changed');
  n(d.hosts.appeared.length, 'new host', 'new hosts');
  n(d.hosts.disappeared.length, 'host silent', 'hosts silent');
  return parts.length === 0 ? 'No change' : parts.join(', ');
}

/** A timeline entry (GET …/changes: capped lists with counts) as a DiffView, plus how many lines were left out. */
export function changeAsDiff(c: Change): { diff: DiffView; omitted: number } {
  const g = c.grade;
  const lists = [c.hostsAppeared, c.hostsDisappeared, c.portsOpened, c.portsClosed, c.servicesChanged, c.findingsNew, c.findingsFixed, c.findingsReopened];
  const omitted = lists.reduce((n, l) => n + Math.max(0, l.count - l.items.length), 0);
  return {
    omitted,
    diff: {
      from: c.previousRunId ?? 0, to: c.runId,
      hosts: { appeared: c.hostsAppeared.items, disappeared: c.hostsDisappeared.items },
      ports: { opened: c.portsOpened.items, closed: c.portsClosed.items },
      services: c.servicesChanged.items,
      findings: { new: c.findingsNew.items, fixed: c.findingsFixed.items, reopened: c.findingsReopened.items },
      grade: {
        before: g.from === null || g.fromLetter === null ? null : { score: g.from, letter: g.fromLetter },
        after: g.to === null || g.toLetter === null ? null : { score: g.to, letter: g.toLetter },
        delta: g.delta, deductions: [],
      },
    },
  };
}
