/**
 * @module web/pages/Hosts — every current host of the organisation (grade, open ports, OS where known, last seen)
 * in a virtualised table (10,000 rows scroll at 60 fps: only the rows in view are in the DOM), loaded page by page
 * with a progress line, filtered by text, letter, port and OS.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type HostRow } from '../api';
import { GradeBadge } from '../components/GradeBadge';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { Empty, ErrorBox, Loading, Progress, when } from '../components/common';
import { Link, navigate, orgPath } from '../router';

const LETTERS = ['A', 'B', 'C', 'D', 'F'] as const;
const OSES = ['linux', 'windows', 'macos', 'bsd'] as const;
type Letter = (typeof LETTERS)[number];
type Os = (typeof OSES)[number];
const SEV_ORDER = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;

/** The table's row key (module-level: the same function on every render, so the memoised table is not re-rendered). */
const hostKey = (h: HostRow): string => h.address;

export function hostColumns(orgId: number): Column<HostRow>[] {
  return [
    { key: 'grade', header: 'Grade', width: '5rem', render: (h) => <GradeBadge letter={h.letter} score={h.score} size="sm" />, sort: (h) => h.score ?? -1 },
    { key: 'address', header: 'Address', render: (h) => <Link to={orgPath(orgId, `hosts/${encodeURIComponent(h.address)}`)} tabIndex={-1}>{h.address}</Link>, sort: (h) => h.address.split('.').map((p) => p.padStart(3, '0')).join('.') },
    { key: 'hostname', header: 'Hostname', render: (h) => h.hostname ?? '', sort: (h) => h.hostname ?? '' },
    { key: 'ports', header: 'Open ports', align: 'right', render: (h) => <span title={h.ports.join(', ')}>{h.openPorts}</span>, sort: (h) => h.openPorts },
    { key: 'worst', header: 'Critical / high', align: 'right', render: (h) => `${h.findings.critical} / ${h.findings.high}`, sort: (h) => h.findings.critical * 1e6 + h.findings.high * SEV_ORDER.high },
    { key: 'os', header: 'OS', render: (h) => (h.os === null ? '—' : `${h.os.name}${h.os.version !== undefined ? ` ${h.os.version}` : ''}`), sort: (h) => h.os?.name ?? '' },
    { key: 'seen', header: 'Last seen', render: (h) => <>{when(h.lastSeen)}{h.stale ? ' (not answering)' : ''}</>, sort: (h) => h.lastSeen },
  ];
}

export function HostsPage({ orgId }: { orgId: number }) {
  const [q, setQ] = useState('');
  const [letter, setLetter] = useState('');
  const [port, setPort] = useState('');
  const [os, setOs] = useState('');
  const filters = { q, letter, port, os };
  const hosts = useInfiniteQuery({
    queryKey: ['hosts', orgId, filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get('/organizations/{orgId}/hosts', { path: { orgId }, query: {
      limit: 1000, ...(pageParam === '' ? {} : { cursor: pageParam }), ...(q === '' ? {} : { q }), ...(letter === '' ? {} : { letter: letter as Letter }),
      ...(port === '' ? {} : { port: Number(port) }), ...(os === '' ? {} : { os: os as Os }),
    } }),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  // Load every page (1,000 rows each) in the background; the table shows what has arrived.
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = hosts;
  useEffect(() => { if (hasNextPage && !isFetchingNextPage) { void fetchNextPage(); } }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  // A page that arrives while the table is scrolled is merged in a deferred (transition) render: React renders it
  // in slices between frames and drops it for a scroll frame, so no scroll frame carries the merge of a page; the
  // urgent render on arrival only updates the progress line (the table is memoised and still gets the old rows).
  // A new first page (other filters, a refetch) is shown at once: the deferred value may still hold the old list.
  const deferred = useDeferredValue(hosts.data);
  const data = deferred?.pages[0] !== undefined && deferred.pages[0] === hosts.data?.pages[0] ? deferred : hosts.data;
  const rows = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const loaded = useMemo(() => hosts.data?.pages.reduce((n, p) => n + p.items.length, 0) ?? 0, [hosts.data]);
  const columns = useMemo(() => hostColumns(orgId), [orgId]);
  const open = useCallback((h: HostRow): void => { navigate(orgPath(orgId, `hosts/${encodeURIComponent(h.address)}`)); }, [orgId]);
  return (
    <>
      <h1>Hosts</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div><label htmlFor="h-q">Address or name</label><input id="h-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} /></div>
        <div><label htmlFor="h-letter">Grade</label><select id="h-letter" value={letter} onChange={(e) => setLetter(e.target.value)}><option value="">any</option>{LETTERS.map((l) => <option key={l}>{l}</option>)}</select></div>
        <div><label htmlFor="h-port">Open port</label><input id="h-port" inputMode="numeric" pattern="[0-9]*" size={6} value={port} onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))} /></div>
        <div><label htmlFor="h-os">OS</label><select id="h-os" value={os} onChange={(e) => setOs(e.target.value)}><option value="">any</option>{OSES.map((o) => <option key={o}>{o}</option>)}</select></div>
      </form>
      {hosts.isPending ? <Loading what="hosts" /> : hosts.isError ? <ErrorBox error={hosts.error} retry={() => { void hosts.refetch(); }} /> : loaded === 0 ? (
        <Empty title={q + letter + port + os === '' ? 'No host yet' : 'No host matches these filters'}>
          {q + letter + port + os === '' ? <>Run a scan from the <Link to={orgPath(orgId, 'scan')}>Scan</Link> tab; the hosts that answer appear here.</> : 'Clear a filter to see more.'}
        </Empty>
      ) : (
        <>
          {hosts.hasNextPage && <Progress label={`Loaded ${loaded.toLocaleString()} hosts, loading more…`} />}
          <VirtualTable rows={rows} columns={columns} rowKey={hostKey} label="Hosts" testId="hosts-table" rowTestId="host-row"
            onOpen={open} fitKey={hosts.hasNextPage ? 'loading' : 'loaded'} />
        </>
      )}
    </>
  );
}
