/**
 * @module web/pages/Portfolio — every organisation the user may see (own and vendors): letter, score, trend,
 * change since last week, weakest factor, open critical findings; filtered by relationship and criticality and
 * sorted by any column.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, type Organization } from '../api';
import { getJson, type PortfolioRow } from '../api/pending';
import { GradeBadge } from '../components/GradeBadge';
import { Sparkline } from '../components/TrendChart';
import { Empty, ErrorBox, Loading } from '../components/common';
import { signed } from '../components/diff';
import { Link, navigate, orgPath } from '../router';

const REL = ['own', 'vendor', 'third-party', 'subsidiary'] as const;
const CRIT = ['low', 'medium', 'high', 'critical'] as const;
type Rel = (typeof REL)[number];
type Crit = (typeof CRIT)[number];

function OrgRow({ org }: { org: Organization }) {
  const s = useQuery({ queryKey: ['summary', org.id], queryFn: () => api.get('/organizations/{orgId}/summary', { path: { orgId: org.id } }) });
  const h = useQuery({ queryKey: ['history', org.id, 90], queryFn: () => api.get('/organizations/{orgId}/grade/history', { path: { orgId: org.id }, query: { since: new Date(Date.now() - 90 * 86_400_000).toISOString(), limit: 200 } }) });
  const g = s.data?.grade ?? null;
  const week = s.data?.weekAgo ?? null;
  const delta = g !== null && week !== null ? g.score - week.score : null;
  return (
    <tr data-testid="org-row" data-org-id={org.id} onClick={(e) => { if (!(e.target instanceof HTMLAnchorElement)) { navigate(orgPath(org.id)); } }}>
      <td><GradeBadge letter={g?.letter} score={g?.score ?? null} size="sm" /></td>
      <th scope="row"><Link to={orgPath(org.id)}>{org.name}</Link><div className="muted small">{org.relationship} · {org.criticality} criticality</div></th>
      <td className="num">{s.isPending ? '…' : g === null ? '—' : g.score.toFixed(1)}</td>
      <td className="hide-narrow"><Sparkline values={(h.data?.items ?? []).map((p) => p.score)} label={`${org.name}: score over 90 days`} /></td>
      <td className={`num ${delta === null ? '' : delta < 0 ? 'delta-down' : delta > 0 ? 'delta-up' : ''}`}>{delta === null ? '—' : signed(delta)}</td>
      <td className="num">{s.data?.findings.critical ?? (s.isPending ? '…' : 0)}</td>
    </tr>
  );
}

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

export function PortfolioPage() {
  const [rel, setRel] = useState<Rel | ''>('');
  const [crit, setCrit] = useState<Crit | ''>('');
  const [by, setBy] = useState<SortKey>('worst');
  const q = useQuery({
    queryKey: ['portfolio', rel, crit],
    queryFn: () => getJson<{ items: PortfolioRow[] }>('/portfolio', {}, { relationship: rel === '' ? undefined : rel, criticality: crit === '' ? undefined : crit }),
    retry: false,
  });
  // Before the portfolio read model existed (404): one summary per organisation.
  if (q.isError && q.error instanceof ApiError && q.error.status === 404) { return <PortfolioPerOrg />; }
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
      <h1>Portfolio</h1>
      {filters}
      {q.isPending ? <Loading what="the portfolio" /> : q.isError ? <ErrorBox error={q.error} retry={() => { void q.refetch(); }} /> : q.data.items.length === 0 ? (
        <Empty title={rel !== '' || crit !== '' ? 'No organisation matches these filters' : 'No organisation yet'}>
          {rel !== '' || crit !== '' ? 'Clear the filters to see all.' : 'An admin creates organisations (POST /api/v1/organizations); then add its scope in Settings and run a scan.'}
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

function PortfolioPerOrg() {
  const [rel, setRel] = useState<Rel | ''>('');
  const [crit, setCrit] = useState<Crit | ''>('');
  const orgs = useQuery({
    queryKey: ['organizations', rel, crit],
    queryFn: () => api.get('/organizations', { query: { limit: 1000, ...(rel !== '' ? { relationship: rel } : {}), ...(crit !== '' ? { criticality: crit } : {}) } }),
  });
  return (
    <>
      <h1>Portfolio</h1>
      <div className="filters" role="search">
        <div><label htmlFor="f-rel">Relationship</label>
          <select id="f-rel" value={rel} onChange={(e) => setRel(e.target.value as Rel | '')}><option value="">all</option>{REL.map((r) => <option key={r}>{r}</option>)}</select></div>
        <div><label htmlFor="f-crit">Criticality</label>
          <select id="f-crit" value={crit} onChange={(e) => setCrit(e.target.value as Crit | '')}><option value="">all</option>{CRIT.map((c) => <option key={c}>{c}</option>)}</select></div>
      </div>
      {orgs.isPending ? <Loading what="organisations" /> : orgs.isError ? <ErrorBox error={orgs.error} retry={() => { void orgs.refetch(); }} /> : orgs.data.items.length === 0 ? (
        <Empty title={rel !== '' || crit !== '' ? 'No organisation matches these filters' : 'No organisation yet'}>
          {rel !== '' || crit !== '' ? 'Clear the filters to see all.' : 'An admin creates organisations (POST /api/v1/organizations or the Settings of an existing one); then add its scope and run a scan.'}
        </Empty>
      ) : (
        <div className="card table-wrap">
          <table data-testid="portfolio-table">
            <thead><tr><th scope="col">Grade</th><th scope="col">Organisation</th><th scope="col" className="num">Score</th><th scope="col" className="hide-narrow">90 days</th><th scope="col" className="num">Since last week</th><th scope="col" className="num">Open critical</th></tr></thead>
            <tbody>{orgs.data.items.map((o) => <OrgRow key={o.id} org={o} />)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}
