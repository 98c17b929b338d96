/**
 * @module web/components/trend — the grade history as chart data: x in Unix seconds, y the score, and the events
 * that moved it (a letter change, a move of at least `minDelta` points, or a change entry from the timeline),
 * each placed on the run it happened in. Pure; TrendChart draws it with uPlot.
 */
export interface TrendPoint { readonly at: string; readonly runId: number; readonly score: number; readonly letter: string }

/** Something to mark on the trend: a run where the grade moved, with why (when the timeline says). */
export interface TrendEvent {
  readonly runId: number;
  /** Unix seconds (the x of the run's point). */
  readonly x: number;
  readonly y: number;
  readonly delta: number;
  readonly fromLetter: string;
  readonly toLetter: string;
  readonly label: string;
}

export interface ChangeNote { readonly runId: number; readonly text: string }

export function toSeconds(iso: string): number { return Math.round(Date.parse(iso) / 1000); }

/** uPlot's columnar data: [xs, scores], oldest first. */
export function trendSeries(points: readonly TrendPoint[]): [number[], number[]] {
  const sorted = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return [sorted.map((p) => toSeconds(p.at)), sorted.map((p) => p.score)];
}

/** The runs whose grade moved: letter changed or |delta| ≥ minDelta; `notes` (from the changes timeline) label them. */
export function trendEvents(points: readonly TrendPoint[], notes: readonly ChangeNote[] = [], minDelta = 1): TrendEvent[] {
  const sorted = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const byRun = new Map<number, string[]>();
  for (const n of notes) { byRun.set(n.runId, [...(byRun.get(n.runId) ?? []), n.text]); }
  const out: TrendEvent[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev === undefined || cur === undefined) { continue; }
    const delta = Math.round((cur.score - prev.score) * 100) / 100;
    if (cur.letter === prev.letter && Math.abs(delta) < minDelta) { continue; }
    const why = byRun.get(cur.runId);
    const move = cur.letter === prev.letter ? `${delta > 0 ? '+' : ''}${delta.toFixed(1)} points` : `${prev.letter} → ${cur.letter} (${delta > 0 ? '+' : ''}${delta.toFixed(1)})`;
    out.push({ runId: cur.runId, x: toSeconds(cur.at), y: cur.score, delta, fromLetter: prev.letter, toLetter: cur.letter, label: why === undefined ? move : `${move}: ${why.join('; ')}` });
  }
  return out;
}

/** An SVG path for a sparkline of `values` in a w×h box (y grows downwards; 0–100 scale). */
export function sparklinePath(values: readonly number[], w: number, h: number): string {
  if (values.length === 0) { return ''; }
  const step = values.length === 1 ? 0 : w / (values.length - 1);
  return values.map((v, i) => {
    const y = h - (Math.max(0, Math.min(100, v)) / 100) * h;
    return `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y.toFixed(1)}`;
  }).join(' ');
}
