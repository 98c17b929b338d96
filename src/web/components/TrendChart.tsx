/**
 * @module web/components/TrendChart — the grade over time (uPlot: small, canvas, no external requests, no inline
 * styles or scripts, so it runs under the strict CSP) with the events that moved it marked as vertical lines and
 * listed below the chart (the list is the accessible form of the marks).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { trendEvents, trendSeries, sparklinePath, type ChangeNote, type TrendPoint } from './trend';

/** Whether this browser can draw on a canvas (a DOM without one, like a test's, gets the event list only). */
function canDraw(): boolean {
  return document.createElement('canvas').getContext('2d') !== null;
}

export function TrendChart({ points, notes = [], height = 220 }: { points: readonly TrendPoint[]; notes?: readonly ChangeNote[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const events = trendEvents(points, notes);
  useEffect(() => {
    const el = box.current;
    if (el === null || points.length === 0 || !canDraw()) { return; }
    const data = trendSeries(points);
    const marks = trendEvents(points, notes);
    const width = Math.max(280, el.clientWidth);
    const plot = new uPlot({
      width, height,
      // one scan: a day either side, not uPlot's default of years
      scales: { x: { time: true, range: (_u, min, max) => (min === max ? [min - 86_400, max + 86_400] : [min, max]) }, y: { range: [0, 100] } },
      axes: [{ stroke: '#1f2328' }, { stroke: '#1f2328', label: 'score' }],
      series: [{}, { label: 'Score', stroke: '#0550ae', width: 2, points: { show: true, size: 6 } }],
      legend: { show: false },
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx;
          ctx.save();
          for (const m of marks) {
            const x = u.valToPos(m.x, 'x', true);
            ctx.strokeStyle = m.delta < 0 ? '#b91c1c' : '#1a7f37';
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.setLineDash([6, 4]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          }
          ctx.restore();
        }],
      },
    }, data, el);
    const onResize = (): void => { plot.setSize({ width: Math.max(280, el.clientWidth), height }); };
    window.addEventListener('resize', onResize);
    return () => { window.removeEventListener('resize', onResize); plot.destroy(); };
  }, [points, notes, height]);

  if (points.length === 0) { return <p className="empty">No grade history yet: run a scan (Scan tab) and the trend starts with it.</p>; }
  return (
    <div className="trend" data-testid="trend-chart">
      <div ref={box} className="trend-canvas" role="img" aria-label={`Score over ${points.length} scans, ${events.length} marked changes`} />
      {events.length > 0 && (
        <ol className="trend-events" aria-label="Events that moved the grade">
          {events.map((e) => <li key={e.runId} data-testid="trend-event" className={e.delta < 0 ? 'down' : 'up'}>{new Date(e.x * 1000).toLocaleString()}: {e.label}</li>)}
        </ol>
      )}
    </div>
  );
}

export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const w = 96;
  const h = 24;
  if (values.length < 2) { return <span className="muted">{values.length === 0 ? 'no history' : 'one scan'}</span>; }
  return (
    <svg className="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <path d={sparklinePath(values, w, h)} fill="none" stroke="#0550ae" strokeWidth="1.5" />
    </svg>
  );
}
