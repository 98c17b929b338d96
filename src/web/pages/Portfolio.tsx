/**
 * @module web/pages/Portfolio — every organisation the user may see (own and vendors): letter, score, trend,
 * change since last week, weakest factor, open critical findings; filtered by relationship and criticality and
 * sorted by any column. An admin creates organisations here ("New organisation").
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type PortfolioRow } from '../api';
import { GradeBadge } from '../components/GradeBadge';
import { Sparkline } from '../components/TrendChart';
import { Empty, ErrorBox, Loading } from '../components/common';
import { signed } from '../components/diff';
import { Link, navigate, orgPath } from '../router';
import { useMe } from '../session';

const REL = ['own', 'vendor', 'third-party', 'subsidiary'] as const;
const CRIT = ['low', 'medium', 'high', 'critical'] as const;
type Rel = (typeof REL)[number];
type Crit = (typeof CRIT)[number];

type SortKey = 'worst' | 'best' | 'name' | 'change' | 'critical';
const SORTS: ReadonlyArray<readonly [SortKey, string]> = [['worst', 'grade, worst first'], ['best', 'grade, best first'], ['name', 'name'], ['change', 'biggest drop this week'], ['critical', 'most open criticals']];

/** Portfolio rows in the chosen order (ungraded organisations last). */
export function sortPortfolio(rows: readonly PortfolioRow[], by: SortKey): PortfolioRow[] {
  const score = (r: PortfolioRow): number => r.grade?.score ?? Number.POSITIVE_INFINITY;
  const cmp: Record<SortKey, (a: PortfolioRow, b: PortfolioRow) => number> = {
    worst: (a, b) => score(a) - score(b),
    best: (a, b) => (b.grade?.score ?? -1) - (a.grade?.score ?? -1),
    name: (a, b) => a.organization.name.localeCompare(b.organization.name),
    change: (a, b) => (a.weekDelta ?? 0) - (b.weekDelta ?? 0),
    critical: (a, b) => b.findings.critical - a.findings.critical,
  };
  return [...rows].sort((a, b) => cmp[by](a, b) || a.organization.name.localeCompare(b.organization.name));
}

function Row({ r }: { r: PortfolioRow }) {
  const g = r.grade;
  const d = r.weekDelta;
  return (
    <tr data-testid="org-row" data-org-id={r.organization.id} onClick={(e) => { if (!(e.target instanceof HTMLAnchorElement)) { navigate(orgPath(r.organization.id)); } }}>
      <td><GradeBadge letter={g?.letter} score={g?.score ?? null} size="sm" /></td>
      <th scope="row"><Link to={orgPath(r.organization.id)}>{r.organization.name}</Link><div className="muted small">{r.organization.relationship} · {r.organization.criticality} criticality</div></th>
      <td className="num">{g === null ? '—' : g.score.toFixed(1)}</td>
      <td className="hide-narrow"><Sparkline values={r.trend.map((p) => p.score)} label={`${r.organization.name}: score over 90 days`} /></td>
      <td className={`num ${d === null ? '' : d < 0 ? 'delta-down' : d > 0 ? 'delta-up' : ''}`}>{d === null ? '—' : signed(d)}</td>
      <td className="hide-narrow">{r.weakestFactor === null ? '—' : `${r.weakestFactor.label} (−${r.weakestFactor.points.toFixed(1)})`}</td>
      <td className="num">{r.findings.critical}</td>
    </tr>
  );
}

/** "New organisation" (admins): name, relationship, criticality; POST /organizations, then its page. */
function NewOrganisation({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [rel, setRel] = useState<Rel>('own');
  const [crit, setCrit] = useState<Crit>('medium');
  const create = useMutation({
    mutationFn: () => api.post('/organizations', { body: { name: name.trim(), relationship: rel, criticality: crit } }),
    onSuccess: async (o) => { await qc.invalidateQueries({ queryKey: ['portfolio'] }); navigate(orgPath(o.id, 'settings')); },
  });
  const submit = (e: FormEvent): void => { e.preventDefault(); if (name.trim() !== '') { create.mutate(); } };
  return (
    <form className="card filters" onSubmit={submit} aria-label="New organisation">
      <div><label htmlFor="no-name">Name</label><input id="no-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus /></div>
      <div><label htmlFor="no-rel">Relationship</label>
        <select id="no-rel" value={rel} onChange={(e) => setRel(e.target.value as Rel)}>{REL.map((r) => <option key={r}>{r}</option>)}</select></div>
      <div><label htmlFor="no-crit">Criticality</label>
        <select id="no-crit" value={crit} onChange={(e) => setCrit(e.target.value as Crit)}>{CRIT.map((c) => <option key={c}>{c}</option>)}</select></div>
      <button type="submit" className="primary" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create'}</button>
      <button type="button" onClick={onClose}>Cancel</button>
      {create.error !== null && <p className="error" role="alert">{create.error.message}</p>}
    </form>
  );
}

export function PortfolioPage() {
  const me = useMe();
  const admin = me.data?.role === 'admin' && me.data.kind === 'user';
  const [adding, setAdding] = useState(false);
  const [rel, setRel] = useState<Rel | ''>('');
  const [crit, setCrit] = useState<Crit | ''>('');
  const [by, setBy] = useState<SortKey>('worst');
  const q = useQuery({
    queryKey: ['portfolio', rel, crit],
    // the sparkline is 96 px wide: the server thins each trend to about that many points (drops and letter changes kept)
    queryFn: () => api.get('/portfolio', { query: { points: 96, ...(rel === '' ? {} : { relationship: rel }), ...(crit === '' ? {} : { criticality: crit }) } }),
    retry: false,
  });
  const filters = (
    <div className="filters" role="search">
      <div><label htmlFor="f-rel">Relationship</label>
        <select id="f-rel" value={rel} onChange={(e) => setRel(e.target.value as Rel | '')}><option value="">all</option>{REL.map((r) => <option key={r}>{r}</option>)}</select></div>
      <div><label htmlFor="f-crit">Criticality</label>
        <select id="f-crit" value={crit} onChange={(e) => setCrit(e.target.value as Crit | '')}><option value="">all</option>{CRIT.map((c) => <option key={c}>{c}</option>)}</select></div>
      <div><label htmlFor="f-sort">Sort by</label>
        <select id="f-sort" value={by} onChange={(e) => setBy(e.target.value as SortKey)}>{SORTS.map(([k, l]) => <option key={k} value={k}>{l}</option>)}</select></div>
    </div>
  );
  return (
    <>
      <div className="row page-head"><h1>Portfolio</h1>
        {admin && !adding && <button type="button" className="primary" onClick={() => setAdding(true)}>New organisation</button>}</div>
      {adding && <NewOrganisation onClose={() => setAdding(false)} />}
      {filters}
      {q.isPending ? <Loading what="the portfolio" /> : q.isError ? <ErrorBox error={q.error} retry={() => { void q.refetch(); }} /> : q.data.items.length === 0 ? (
        <Empty title={rel !== '' || crit !== '' ? 'No organisation matches these filters' : 'No organisation yet'}>
          {rel !== '' || crit !== '' ? 'Clear the filters to see all.' : (admin ? 'Create one with "New organisation"; ' : 'An admin creates organisations; ') + 'then add its scope in Settings and run a scan.'}
        </Empty>
      ) : (
        <div className="card table-wrap">
          <table data-testid="portfolio-table">
            <thead><tr><th scope="col">Grade</th><th scope="col">Organisation</th><th scope="col" className="num">Score</th><th scope="col" className="hide-narrow">90 days</th><th scope="col" className="num">Since last week</th><th scope="col" className="hide-narrow">Weakest factor</th><th scope="col" className="num">Open critical</th></tr></thead>
            <tbody>{sortPortfolio(q.data.items, by).map((r) => <Row key={r.organization.id} r={r} />)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}

