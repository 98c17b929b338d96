/**
 * @module web/components/scan-events — the server-sent events of GET …/scans/:runId/events folded into what the
 * Scan page shows: status, hosts done, ports found, grade so far. The OpenAPI document cannot describe an event
 * stream's payloads, so each is checked here at the edge (shapes of server/resources/runs-live.ts and
 * monitor/run-events.ts).
 */
export interface LivePort { readonly host: string; readonly port: number; readonly protocol: string; readonly service: string }
export interface LiveState {
  readonly status: string;
  readonly hostsUp: number;
  readonly hostsDown: number;
  readonly score: number | null;
  readonly letter: string | null;
  readonly ports: readonly LivePort[];
  readonly hostsDone: number;
  readonly ended: boolean;
  readonly error: string | null;
}

export const INITIAL: LiveState = { status: 'connecting', hostsUp: 0, hostsDown: 0, score: null, letter: null, ports: [], hostsDone: 0, ended: false, error: null };

const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

/** The state after one event (`type` is the SSE event name, `data` its parsed JSON). Unknown events change nothing. */
export function foldEvent(s: LiveState, type: string, data: unknown): LiveState {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  switch (type) {
    case 'progress':
      return { ...s, status: str(d.status, s.status), hostsUp: num(d.hostsUp, s.hostsUp), hostsDown: num(d.hostsDown, s.hostsDown), score: typeof d.score === 'number' ? d.score : s.score, letter: typeof d.letter === 'string' ? d.letter : s.letter };
    case 'port':
      if (str(d.state, 'open') !== 'open') { return s; }
      return { ...s, ports: [...s.ports, { host: str(d.host, '?'), port: num(d.port, 0), protocol: str(d.protocol, 'tcp'), service: str(d.service, '') }] };
    case 'host':
      return { ...s, hostsDone: num(d.hostsDone, s.hostsDone + 1) };
    case 'end':
      return {
        ...s, ended: true, status: str(d.status, 'finished'), score: typeof d.score === 'number' ? d.score : s.score, letter: typeof d.letter === 'string' ? d.letter : s.letter,
        error: typeof d.error === 'string' && d.error !== '' ? `The scan ${str(d.status, 'failed')}: ${d.error}` : s.error,
      };
    case 'error':
      return { ...s, ended: true, error: str(d.message, 'the event stream failed') };
    default:
      return s;
  }
}
