/**
 * @module web/pages/Scan — launch a scan inside the organisation's scope (the scope is shown; the server refuses
 * anything outside it, naming the target) and watch it live over server-sent events: hosts done, ports found,
 * grade so far. Recent runs are listed below.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, ApiError } from '../api';
import { GradeBadge } from '../components/GradeBadge';
import { Empty, ErrorBox, Loading, Progress, Section, when } from '../components/common';
import { foldEvent, INITIAL, type LiveState } from '../components/scan-events';
import { Link, navigate, orgPath } from '../router';
import { canWrite, useMe } from '../session';

function Live({ orgId, runId }: { orgId: number; runId: number }) {
  const qc = useQueryClient();
  const [s, setS] = useState<LiveState>(INITIAL);
  useEffect(() => {
    setS(INITIAL);
    const es = new EventSource(apiUrl('/organizations/{orgId}/scans/{runId}/events', { orgId, runId }));
    const on = (type: string) => (e: MessageEvent<string>): void => {
      let data: unknown = null;
      try { data = JSON.parse(e.data); } catch (err) { data = { message: `unreadable event: ${String(err)}` }; }
      setS((prev) => foldEvent(prev, type, data));
      if (type === 'end') {
        es.close();
        void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes(orgId) });
      }
    };
    for (const t of ['progress', 'port', 'host', 'end', 'error']) { es.addEventListener(t, on(t) as EventListener); }
    es.onerror = () => { setS((prev) => (prev.ended ? prev : { ...prev, status: prev.status === 'connecting' ? 'reconnecting' : prev.status })); };
    return () => { es.close(); };
  }, [orgId, runId, qc]);
  return (
    <Section title={`Scan run ${runId}`} id="live-h">
      <div data-testid="scan-live" data-status={s.status} aria-live="polite">
        <div className="hero">
          <GradeBadge letter={s.letter} score={s.score} />
          <div>
            <p><strong>Status:</strong> <span data-testid="scan-status">{s.status}</span></p>
            <p>{s.hostsUp} hosts up · {s.hostsDown} down · {s.ports.length} open ports found · grade so far {s.letter ?? '—'}{s.score === null ? '' : ` (${s.score.toFixed(1)})`}</p>
          </div>
        </div>
        {!s.ended && <Progress label={`Scanning… ${s.hostsUp + s.hostsDown} hosts done`} />}
        {s.error !== null && <p className="error" role="alert">{s.error}</p>}
        {s.ended && s.error === null && <p>Done. See the <Link to={orgPath(orgId)}>grade and top fixes</Link> or <Link to={orgPath(orgId, 'changes')}>what changed</Link>.</p>}
        {s.ports.length > 0 && (
          <details open={s.ports.length <= 20}>
            <summary>Open ports found ({s.ports.length})</summary>
            <ul className="small mono">{s.ports.slice(-200).map((p, i) => <li key={i}>{p.host}:{p.port}/{p.protocol} {p.service}</li>)}</ul>
          </details>
        )}
      </div>
    </Section>
  );
}

function Launch({ orgId }: { orgId: number }) {
  const qc = useQueryClient();
  const scope = useQuery({ queryKey: ['scope', orgId], queryFn: () => api.get('/organizations/{orgId}/scope', { path: { orgId } }) });
  const [targets, setTargets] = useState('');
  const [ports, setPorts] = useState('top-1000');
  const start = useMutation({
    mutationFn: () => api.post('/organizations/{orgId}/scans', { path: { orgId }, body: { targets: targets.split(/[\s,]+/).filter((t) => t !== ''), ports } }),
    onSuccess: (run) => { void qc.invalidateQueries({ queryKey: ['runs', orgId] }); navigate(orgPath(orgId, `scan/${run.id}`)); },
  });
  const entries = scope.data?.items ?? [];
  const submit = (e: FormEvent): void => { e.preventDefault(); start.mutate(); };
  return (
    <Section title="Launch a scan" id="launch-h">
      {scope.isPending ? <Loading what="the scope" /> : entries.length === 0 ? (
        <Empty title="No scope yet">Only targets inside the organisation's scope may be scanned: add them in <Link to={orgPath(orgId, 'settings')}>Settings → Scope</Link>.</Empty>
      ) : (
        <form onSubmit={submit} className="filters" data-testid="scan-form">
          <div>
            <label htmlFor="scan-targets">Targets (inside the scope)</label>
            <textarea id="scan-targets" rows={3} cols={40} value={targets} onChange={(e) => setTargets(e.target.value)} required placeholder={entries.map((x) => x.target).slice(0, 3).join('\n')} />
            <span className="muted small">Scope: {entries.map((x) => x.target).join(', ')} <button type="button" className="link" onClick={() => setTargets(entries.map((x) => x.target).join('\n'))}>use the whole scope</button></span>
          </div>
          <div>
            <label htmlFor="scan-ports">Ports</label>
            <input id="scan-ports" value={ports} onChange={(e) => setPorts(e.target.value)} required />
          </div>
          <button type="submit" className="primary" disabled={start.isPending} data-testid="scan-start">{start.isPending ? 'Starting…' : 'Start scan'}</button>
        </form>
      )}
      {start.error !== null && (
        <p className="error" role="alert" data-testid="scan-error">
          {start.error instanceof ApiError && start.error.code === 'GH_ERR_NO_AUTHORISATION' ? <>No valid authorisation for active scans: an admin records one in Settings. </> : null}
          {start.error.message}
        </p>
      )}
    </Section>
  );
}

function Runs({ orgId }: { orgId: number }) {
  const runs = useQuery({ queryKey: ['runs', orgId], queryFn: () => api.get('/organizations/{orgId}/scans', { path: { orgId }, query: { limit: 20 } }) });
  if (runs.isPending) { return <Loading what="runs" />; }
  if (runs.isError) { return <ErrorBox error={runs.error} />; }
  if (runs.data.items.length === 0) { return <p className="muted">No scan yet.</p>; }
  return (
    <div className="table-wrap"><table>
      <thead><tr><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Grade</th><th scope="col" className="hide-narrow">Targets</th></tr></thead>
      <tbody>{runs.data.items.map((r) => (
        <tr key={r.id}><td><Link to={orgPath(orgId, `scan/${r.id}`)}>#{r.id}</Link></td><td>{when(r.startedAt)}</td><td>{r.status}{r.error !== null ? <span className="small tone-worse"> — {r.error}</span> : null}</td>
          <td>{r.letter === null ? '—' : <><GradeBadge letter={r.letter} size="sm" /> {r.score?.toFixed(1)}</>}</td><td className="hide-narrow small">{r.targets.join(', ')}</td></tr>
      ))}</tbody>
    </table></div>
  );
}

export function ScanPage({ orgId, runId }: { orgId: number; runId: number | null }) {
  const me = useMe();
  return (
    <>
      <h1>Scan</h1>
      {runId !== null && <Live orgId={orgId} runId={runId} />}
      {canWrite(me.data) ? <Launch orgId={orgId} /> : <p className="muted">Viewers cannot start scans; ask an analyst.</p>}
      <Section title="Recent runs" id="runs-h"><Runs orgId={orgId} /></Section>
    </>
  );
}
