/**
 * @module web/components/VirtualTable — a table of any length that renders only the rows in view
 * (@tanstack/react-virtual, fixed row height: 10,000 hosts scroll at 60 fps). A real <table> with role grid
 * semantics kept: sticky header, sortable columns (click or Enter), arrow keys / Page Up/Down / Home / End move
 * the active row, Enter opens it.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly render: (row: T) => ReactNode;
  /** Sort value; absent: not sortable. */
  readonly sort?: (row: T) => string | number;
  readonly width?: string;
  readonly align?: 'left' | 'right';
}

export type SortState = { readonly key: string; readonly dir: 'asc' | 'desc' } | null;

/** Rows sorted by a column (stable; numbers before strings compare naturally). */
export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState): readonly T[] {
  if (sort === null) { return rows; }
  const col = columns.find((c) => c.key === sort.key);
  if (col?.sort === undefined) { return rows; }
  const get = col.sort;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows.map((r, i) => ({ r, i, v: get(r) }))
    .sort((a, b) => (a.v < b.v ? -sign : a.v > b.v ? sign : a.i - b.i))
    .map((x) => x.r);
}

export function nextSort(cur: SortState, key: string): SortState {
  if (cur?.key !== key) { return { key, dir: 'asc' }; }
  return cur.dir === 'asc' ? { key, dir: 'desc' } : null;
}

export interface VirtualTableProps<T> {
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly onOpen?: (row: T) => void;
  readonly rowHeight?: number;
  /**
   * Height of the scrolling area in px; without it the area fills the window below its own top (so the whole
   * table, rows count included, is on the first screen at any window size), at least `minHeight`.
   */
  readonly height?: number;
  readonly minHeight?: number;
  readonly label: string;
  readonly testId?: string;
  readonly rowTestId?: string;
  /**
   * When the height that fits the window is measured again (besides a resize): when this value changes. Default:
   * the rows count. A list that grows page by page passes what changes the layout above the table (a progress line
   * shown or not), so that the arrival of a page forces no layout read.
   */
  readonly fitKey?: string | number;
}

/** Space kept under the scrolling area: the rows count line and the page's bottom padding. */
const BELOW = 48;

/** The height that fits the window below `el`'s top (in document coordinates, so scrolling does not change it). */
export function fitHeight(el: HTMLElement | null, minHeight: number): number {
  if (el === null) { return minHeight; }
  const top = el.getBoundingClientRect().top + window.scrollY;
  return Math.max(minHeight, Math.floor(window.innerHeight - top - BELOW));
}

interface RowProps<T> { row: T; index: number; active: boolean; columns: readonly Column<T>[]; height: number; testId: string; onPick: (i: number) => void }

/** One row, memoised: scrolling renders only the rows that come into view. */
function RowOf<T>({ row, index, active, columns, height, testId, onPick }: RowProps<T>) {
  return (
    <tr data-testid={testId} data-index={index} aria-rowindex={index + 2} style={{ height }}
      className={active ? 'active' : undefined} onClick={() => { onPick(index); }}>
      {columns.map((c) => <td key={c.key} className={c.align === 'right' ? 'num' : undefined}>{c.render(row)}</td>)}
    </tr>
  );
}
const Row = memo(RowOf) as typeof RowOf;

function VirtualTableOf<T>({ rows, columns, rowKey, onOpen, rowHeight = 36, height: fixed, minHeight = 216, label, testId = 'virtual-table', rowTestId = 'vt-row', fitKey }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [fitted, setFitted] = useState(fixed ?? minHeight);
  const height = fixed ?? fitted;
  // Re-measured when the rows change (what is above the table may change with them: a progress line) and on resize;
  // not on every scroll frame (a measure after React's writes forces a layout).
  const refit = fitKey ?? rows.length;
  useLayoutEffect(() => {
    if (fixed !== undefined) { return; }
    const h = fitHeight(scroller.current, minHeight);
    if (h !== fitted) { setFitted(h); }
  }, [fixed, minHeight, fitted, refit]);
  useEffect(() => {
    if (fixed !== undefined) { return undefined; }
    const onResize = (): void => setFitted(fitHeight(scroller.current, minHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [fixed, minHeight]);
  const [sort, setSort] = useState<SortState>(null);
  const [active, setActive] = useState(0);
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  // One handler for every row (a row re-renders only when its own props change, not on every scroll frame).
  const sortedRef = useRef(sorted);
  sortedRef.current = sorted;
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const pick = useCallback((i: number): void => {
    setActive(i);
    const r = sortedRef.current[i];
    if (r !== undefined) { openRef.current?.(r); }
  }, []);
  // Fixed row height, no measureElement: a row is never measured, so appending rows re-measures nothing in view.
  const getScrollElement = useCallback(() => scroller.current, []);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const v = useVirtualizer({
    count: sorted.length,
    getScrollElement,
    estimateSize,
    overscan: 12,
    initialRect: { width: 1000, height },
  });
  const items = v.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = v.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  const move = (to: number): void => {
    const i = Math.max(0, Math.min(sorted.length - 1, to));
    setActive(i);
    v.scrollToIndex(i, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1), ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page), PageUp: () => move(active - page),
      Home: () => move(0), End: () => move(sorted.length - 1),
      Enter: () => { const r = sorted[active]; if (r !== undefined) { onOpen?.(r); } },
    };
    const fn = keys[e.key];
    if (fn !== undefined) { e.preventDefault(); fn(); }
  };

  return (
    <div className="vt" data-testid={testId}>
      <div ref={scroller} className="vt-scroll" style={{ height: Math.min(height, (sorted.length + 1) * rowHeight + 8) }} tabIndex={0} onKeyDown={onKey}
        role="region" aria-label={`${label}: ${sorted.length} rows; arrow keys move, Enter opens`}>
        <table aria-rowcount={sorted.length + 1}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" style={c.width === undefined ? undefined : { width: c.width }} className={c.align === 'right' ? 'num' : undefined}
                  aria-sort={sort?.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  {c.sort === undefined ? c.header : <button type="button" className="th-sort" onClick={() => setSort((s) => nextSort(s, c.key))}>{c.header}{sort?.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</button>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }}><td colSpan={columns.length} /></tr>}
            {items.map((it) => {
              const row = sorted[it.index];
              if (row === undefined) { return null; }
              return <Row key={rowKey(row)} row={row} index={it.index} active={it.index === active} columns={columns} height={rowHeight} testId={rowTestId} onPick={pick} />;
            })}
            {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }}><td colSpan={columns.length} /></tr>}
          </tbody>
        </table>
      </div>
      <p className="vt-count muted">{sorted.length.toLocaleString()} rows</p>
    </div>
  );
}

/**
 * Memoised: a parent that re-renders for something else (a progress line, a fetch status) does not re-render the
 * table; it re-renders when its rows, columns or handlers change (pass stable rowKey / onOpen).
 */
export const VirtualTable = memo(VirtualTableOf) as typeof VirtualTableOf;
