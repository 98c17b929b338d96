/** @module cli/progress.test — stage progress: the active stage, per-stage ETA from the stage's own rate. */
import { describe, expect, it } from 'vitest';
import { activeStage, StageClock, type StageCount } from '../core/progress.js';
import { formatEta, stageLine, startStageEvents } from './progress.js';

const counts = (d: number, i: number, it: number): StageCount[] => [
  { stage: 'discovery', done: d, total: 100 }, { stage: 'identification', done: i, total: it },
  { stage: 'tls', done: 0, total: 0 }, { stage: 'checks', done: 0, total: 0 }, { stage: 'grade', done: 0, total: 1 },
];

describe('activeStage', () => {
  it.each([
    { name: 'discovery while it runs', c: counts(50, 0, 3), want: 'discovery' },
    { name: 'identification once discovery is done', c: counts(100, 1, 3), want: 'identification' },
    { name: 'grade after the port stages', c: counts(100, 3, 3), want: 'grade' },
  ])('$name', ({ c, want }) => { expect(activeStage(c)?.stage).toBe(want); });
  it('the last stage with work when all are done', () => {
    expect(activeStage([{ stage: 'discovery', done: 5, total: 5 }, { stage: 'tls', done: 0, total: 0 }])?.stage).toBe('discovery');
  });
});

describe('StageClock', () => {
  it('gives each stage its own ETA from its own rate, none before progress or after the end', () => {
    const clock = new StageClock();
    const first = clock.observe(counts(0, 0, 0), 0);
    expect(first.map((e) => e.etaSeconds)).toEqual([null, null, null, null, null]);
    expect(first[0]).toEqual({ type: 'progress', stage: 'discovery', done: 0, total: 100, etaSeconds: null });
    // discovery: 50 probes in 10 s → 50 left take 10 s; identification first seen now: no rate yet
    const mid = clock.observe(counts(50, 0, 4), 10_000);
    expect(mid[0]?.etaSeconds).toBe(10);
    expect(mid[1]?.etaSeconds).toBeNull();
    // identification: 1 port in 2 s → 3 left take 6 s; discovery done → null
    const late = clock.observe(counts(100, 1, 4), 12_000);
    expect(late[0]?.etaSeconds).toBeNull();
    expect(late[1]?.etaSeconds).toBe(6);
  });
});

describe('the bar text', () => {
  it('names the active stage, its ETA and every stage with work', () => {
    const events = new StageClock().observe(counts(100, 1, 4), 0);
    expect(stageLine(events)).toEqual({ stage: 'identify', stageEta: '--', stages: 'discovery 100/100 ✓ · identify 1/4 · grade 0/1' });
    expect(formatEta(65)).toBe('1m05s');
    expect(formatEta(7)).toBe('7s');
  });
});

describe('--ndjson progress events', () => {
  it('sends a stage only when its count changed, and the final counts on flush', () => {
    let c = counts(10, 0, 0);
    const sent: string[] = [];
    const ev = startStageEvents({ stages: () => c }, (e) => sent.push(`${e.stage} ${e.done}/${e.total}`), 60_000);
    ev.flush();
    ev.flush(); // nothing changed: nothing sent
    c = counts(100, 2, 2);
    ev.flush();
    ev.stop();
    expect(sent).toEqual(['discovery 10/100', 'grade 0/1', 'discovery 100/100', 'identification 2/2']);
  });
});
