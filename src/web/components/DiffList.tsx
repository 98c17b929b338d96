/** @module web/components/DiffList — the lines of one run-to-run diff (diff.ts), coloured by tone. */
import type { DiffView } from '../api/views';
import { diffLines } from './diff';

export function DiffList({ diff, max }: { diff: DiffView; max?: number }) {
  const lines = diffLines(diff);
  const shown = max === undefined ? lines : lines.slice(0, max);
  if (lines.length === 0) { return <p className="muted">Nothing changed between these scans.</p>; }
  return (
    <>
      <ul className="difflist">
        {shown.map((l, i) => <li key={i} className={`tone-${l.tone}`} data-kind={l.kind}><span className="sr-only">{l.tone === 'worse' ? 'Worse: ' : l.tone === 'better' ? 'Better: ' : ''}</span>{l.text}</li>)}
      </ul>
      {shown.length < lines.length && <p className="muted small">…and {lines.length - shown.length} more.</p>}
    </>
  );
}
