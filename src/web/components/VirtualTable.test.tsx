/** @module web/components/VirtualTable.test — 10,000 rows, only a window of them in the DOM; sorting; keyboard. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { VirtualTable, nextSort, sortRows, type Column } from './VirtualTable';

afterEach(cleanup);
// happy-dom has no layout: give elements the size a browser would (the scroller is 400 px tall).
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
});
afterAll(() => { vi.restoreAllMocks(); });

interface Row { id: number; name: string; score: number }
const rows: Row[] = Array.from({ length: 10_000 }, (_, i) => ({ id: i, name: `host-${String(i).padStart(5, '0')}`, score: (i * 7919) % 100 }));
const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', render: (r) => r.name, sort: (r) => r.name },
  { key: 'score', header: 'Score', render: (r) => String(r.score), sort: (r) => r.score, align: 'right' },
];

describe('sortRows / nextSort', () => {
  it('sorts stably by a column, both ways, and a third click restores the order', () => {
    const small = [{ id: 1, name: 'b', score: 2 }, { id: 2, name: 'a', score: 2 }, { id: 3, name: 'c', score: 1 }];
    expect(sortRows(small, columns, { key: 'score', dir: 'asc' }).map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortRows(small, columns, { key: 'score', dir: 'desc' }).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(sortRows(small, columns, null)).toBe(small);
    expect(nextSort(null, 'score')).toEqual({ key: 'score', dir: 'asc' });
    expect(nextSort({ key: 'score', dir: 'asc' }, 'score')).toEqual({ key: 'score', dir: 'desc' });
    expect(nextSort({ key: 'score', dir: 'desc' }, 'score')).toBe(null);
    expect(nextSort({ key: 'score', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
  });
});

describe('VirtualTable', () => {
  it('without a height, fills the window below its top (at least minHeight), so that it ends on the first screen', () => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ top: 250, left: 0, right: 1000, bottom: 250, width: 1000, height: 0, x: 0, y: 250, toJSON: () => ({}) });
    try {
      render(<VirtualTable rows={rows} columns={columns} rowKey={(r) => String(r.id)} label="Hosts" />);
      const scroller = screen.getByRole('region');
      expect(scroller.style.height).toBe(`${window.innerHeight - 250 - 48}px`);
      cleanup();
      render(<VirtualTable rows={rows} columns={columns} rowKey={(r) => String(r.id)} label="Hosts" minHeight={window.innerHeight} />);
      expect(screen.getByRole('region').style.height).toBe(`${window.innerHeight}px`);
    } finally {
      vi.mocked(HTMLElement.prototype.getBoundingClientRect).mockRestore();
    }
  });

  it('renders a window of 10,000 rows, not all of them, with spacers for the rest', () => {
    render(<VirtualTable rows={rows} columns={columns} rowKey={(r) => String(r.id)} label="Hosts" testId="hosts-table" rowTestId="host-row" height={400} rowHeight={40} />);
    const shown = screen.getAllByTestId('host-row');
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(60);
    expect(shown[0]?.textContent).toContain('host-00000');
    expect(screen.getByTestId('hosts-table').textContent).toContain('10,000 rows');
    expect(screen.getByRole('region').getAttribute('aria-label')).toContain('10000 rows');
  });

  it('sorts when a header is clicked', () => {
    render(<VirtualTable rows={rows} columns={columns} rowKey={(r) => String(r.id)} label="Hosts" height={400} />);
    fireEvent.click(screen.getByRole('button', { name: 'Score' }));
    expect(screen.getAllByTestId('vt-row')[0]?.textContent).toMatch(/0$/);
    fireEvent.click(screen.getByRole('button', { name: /Score/ }));
    expect(screen.getAllByTestId('vt-row')[0]?.textContent).toMatch(/99$/);
  });

  it('arrow keys move the active row and Enter opens it', () => {
    const open = vi.fn();
    render(<VirtualTable rows={rows} columns={columns} rowKey={(r) => String(r.id)} label="Hosts" height={400} onOpen={open} />);
    const region = screen.getByRole('region');
    fireEvent.keyDown(region, { key: 'ArrowDown' });
    fireEvent.keyDown(region, { key: 'ArrowDown' });
    fireEvent.keyDown(region, { key: 'ArrowUp' });
    fireEvent.keyDown(region, { key: 'Enter' });
    expect(open).toHaveBeenCalledWith(rows[1]);
    fireEvent.keyDown(region, { key: 'Home' });
    fireEvent.keyDown(region, { key: 'Enter' });
    expect(open).toHaveBeenLastCalledWith(rows[0]);
    fireEvent.click(screen.getAllByTestId('vt-row')[2] as HTMLElement);
    expect(open).toHaveBeenLastCalledWith(rows[2]);
  });

  it('a page of rows appended re-renders no visible row, and re-measures the height only when fitKey changes', () => {
    const rendered: number[] = [];
    const cols: Column<Row>[] = [{ key: 'name', header: 'Name', render: (r) => { rendered.push(r.id); return r.name; } }];
    const rowKey = (r: Row): string => String(r.id);
    const rect = vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect');
    try {
      const first = rows.slice(0, 1000);
      const { rerender } = render(<VirtualTable rows={first} columns={cols} rowKey={rowKey} label="Hosts" fitKey="loading" />);
      const measured = rect.mock.calls.length;
      expect(measured).toBeGreaterThan(0);
      const shown = screen.getAllByTestId('vt-row').length;
      expect(rendered.length).toBe(shown);
      rendered.length = 0;
      rerender(<VirtualTable rows={rows.slice(0, 2000)} columns={cols} rowKey={rowKey} label="Hosts" fitKey="loading" />);
      expect(rendered).toEqual([]);
      expect(screen.getByText('2,000 rows')).toBeTruthy();
      expect(screen.getAllByTestId('vt-row')[0]?.textContent).toBe('host-00000');
      expect(rect.mock.calls.length).toBe(measured);
      rerender(<VirtualTable rows={rows} columns={cols} rowKey={rowKey} label="Hosts" fitKey="loaded" />);
      expect(rendered).toEqual([]);
      expect(rect.mock.calls.length).toBeGreaterThan(measured);
      expect(screen.getByText('10,000 rows')).toBeTruthy();
    } finally {
      rect.mockRestore();
    }
  });
});
