/** @module web/components/HexView — an evidence exchange (sent or received bytes) as an offset / hex / ASCII table. */
import { hexRows } from './hex';

export function HexView({ bytes, label, limit = 4096 }: { bytes: Uint8Array; label: string; limit?: number }) {
  const shown = bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  const rows = hexRows(shown);
  return (
    <figure className="hexview" data-testid="hex-view">
      <figcaption>{label} · {bytes.length} bytes{bytes.length > limit ? ` (first ${limit} shown)` : ''}</figcaption>
      {rows.length === 0 ? <p className="muted">No bytes.</p> : (
        <pre tabIndex={0} aria-label={`${label}, hex and ASCII`}>
          {rows.map((r) => <span key={r.offset} className="hexrow" data-testid="hex-row"><span className="off">{r.offset}</span>  <span className="hex">{r.hex.padEnd(48, ' ')}</span>  <span className="ascii">{r.ascii}</span>{'\n'}</span>)}
        </pre>
      )}
    </figure>
  );
}
