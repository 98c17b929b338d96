/**
 * @module web/pages/Organisation — the grade big and first, then the trend with the events that moved it, the
 * factor breakdown, the top fixes ranked by grade gained (with the grade after each), and what changed since the
 * last scan. The grade (the page's largest paint) comes from one small request, the summary, which `prefetchOrgPage`
 * starts before the session check answers; every other block asks only once the summary is in, so nothing competes
 * with it on the server's one thread (the trend, the plan and the changes are the heavy ones).
 */
import { useMemo } from 'react';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../api';
import { asDiff, asGrade, asPlan } from '../api/views';
import { GradeBadge } from '../components/GradeBadge';
import { TrendChart } from '../components/TrendChart';
import { DiffList } from '../components/DiffList';
import { Empty, ErrorBox, Loading, Section, SeverityChip, SEVERITIES, when } from '../components/common';
import { changeAsDiff, diffSummary, signed } from '../components/diff';
import { Link, orgPath } from '../router';

/** The summary query: the grade, findings by severity, hosts (the hero), shared by every block of the page. */
const summaryQuery = (orgId: number) => ({ queryKey: ['summary', orgId], queryFn: () => api.get('/organizations/{orgId}/summary', { path: { orgId } }) });

/** Starts the summary request of an organisation page at once (main.tsx: in parallel with the session check). */
export function prefetchOrgPage(client: QueryClient, orgId: number): void {
  void client.prefetchQuery(summaryQuery(orgId));
}

function GradeHero({ orgId }: { orgId: number }) {
  const s = useQuery(summaryQuery(orgId));
  if (s.isPending) { return <Loading what="the grade" />; }
  if (s.isError) { return <ErrorBox error={s.error} retry={() => { void s.refetch(); }} />; }
  const { grade, weekAgo, findings, hosts, organization, authorised } = s.data;
  const delta = grade !== null && weekAgo !== null ? grade.score - weekAgo.score : null;
  return (
    <section className="card hero" aria-label="Grade" data-testid="org-hero">
      <GradeBadge letter={grade?.letter} score={grade?.score ?? null} size="xl" />
      <div>
        <h1>{organization.name}</h1>
        {grade === null ? (
          <Empty title="Not graded yet">
            {authorised ? <>Start the first scan from the <Link to={orgPath(orgId, 'scan')}>Scan</Link> tab.</> : <>Add the scope and an authorisation in <Link to={orgPath(orgId, 'settings')}>Settings</Link>, then run a scan.</>}
          </Empty>
        ) : (
          <>
            <p className="score" data-testid="org-score">{grade.score.toFixed(1)} <span className="muted small">/ 100</span></p>
            <p className="lead">
              {delta === null ? <span className="muted">No grade a week ago to compare.</span>
                : <span className={delta < 0 ? 'delta-down' : delta > 0 ? 'delta-up' : ''}>{signed(delta)} points since last week ({weekAgo?.letter} → {grade.letter})</span>}
              {' · '}graded {when(grade.at)} · {hosts.up} hosts up{hosts.stale > 0 ? `, ${hosts.stale} not answering` : ''}
            </p>
            <p className="row" aria-label="Current findings by severity">
              {SEVERITIES.map((sev) => <span key={sev}><SeverityChip severity={sev} /> {findings[sev] ?? 0}</span>)}
            </p>
          </>
        )}
      </div>
    </section>
  );
}

/** The summary (shared cache with the hero): the other blocks ask for grade, plan and diff only once there is a graded run. */
function useGraded(orgId: number): boolean | null {
  const s = useQuery(summaryQuery(orgId));
  return s.data === undefined ? null : s.data.grade !== null;
}

function Trend({ orgId }: { orgId: number }) {
  const after = useGraded(orgId) !== null; // after the summary: the grade paints first
  const h = useQuery({ queryKey: ['history', orgId], queryFn: () => api.get('/organizations/{orgId}/grade/history', { path: { orgId }, query: { limit: 2000, points: 200 } }), enabled: after });
  // The timeline says why the grade moved: its summary labels each marked event.
  const c = useQuery({ queryKey: ['changes-notes', orgId], queryFn: () => api.get('/organizations/{orgId}/changes', { path: { orgId }, query: { limit: 50 } }), enabled: after });
  const notes = useMemo(() => (c.data?.items ?? []).filter((x) => x.previousRunId !== null).map((x) => ({ runId: x.runId, text: diffSummary(changeAsDiff(x).diff) })), [c.data]);
  if (h.isPending) { return <Loading what="the trend" />; }
  if (h.isError) { return <ErrorBox error={h.error} />; }
  return <TrendChart points={h.data.items} notes={notes} />;
}

function Factors({ orgId }: { orgId: number }) {
  const graded = useGraded(orgId);
  const g = useQuery({ queryKey: ['grade', orgId], queryFn: () => api.get('/organizations/{orgId}/grade', { path: { orgId } }), retry: false, enabled: graded === true });
  if (graded === false) { return <p className="muted">No grade yet: the factors appear after the first scan.</p>; }
  if (g.isPending) { return <Loading what="the factors" />; }
  if (g.isError) { return <p className="muted">No grade yet: the factors appear after the first scan.</p>; }
  const grade = asGrade(g.data.grade);
  if (grade === null) { return <p className="muted">No factor breakdown for this grade.</p>; }
  const lost = new Map<string, number>();
  for (const d of grade.deductions) { lost.set(d.factor, (lost.get(d.factor) ?? 0) + d.points); }
  return (
    <table data-testid="factors">
      <thead><tr><th scope="col">Factor</th><th scope="col" className="num">Score</th><th scope="col" className="hide-narrow">Weight</th><th scope="col" className="num">Points lost</th></tr></thead>
      <tbody>
        {[...grade.factors].sort((a, b) => a.score - b.score).map((f) => (
          <tr key={f.key}>
            <th scope="row">{f.name}</th>
            <td className="num"><meter min={0} max={100} low={60} high={85} optimum={100} value={f.score} aria-label={`${f.name} ${f.score}`} /> {f.score.toFixed(0)}</td>
            <td className="hide-narrow">{Math.round(f.weight * 100)}%</td>
            <td className="num">{(lost.get(f.key) ?? 0).toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TopFixes({ orgId }: { orgId: number }) {
  const graded = useGraded(orgId);
  const p = useQuery({ queryKey: ['plan', orgId], queryFn: () => api.get('/organizations/{orgId}/plan', { path: { orgId }, query: { top: 5 } }), retry: false, enabled: graded === true });
  if (graded === false) { return <p className="muted">No fixes to rank yet: run a scan first.</p>; }
  if (p.isPending) { return <Loading what="the top fixes" />; }
  if (p.isError) { return <p className="muted">No fixes to rank yet: run a scan first.</p>; }
  const plan = asPlan(p.data.plan);
  if (plan === null || plan.steps.length === 0) { return <Empty title="Nothing to fix">No finding costs this organisation points. Keep the schedule running to catch changes.</Empty>; }
  return (
    <ol className="fixes" data-testid="top-fixes">
      {plan.steps.map((s, i) => (
        <li key={i} data-testid="top-fix">
          {/* One line (the whole action in the tooltip and on the finding's page): no block painted after the grade outgrows it. */}
          <strong className="fix-action" title={s.action}>{s.action}</strong>
          <div className="muted small">
            <SeverityChip severity={s.severity} /> {s.host}{s.locations.map((l) => (l.port === null ? '' : ` :${l.port}`)).join('')} · +{s.gain.toFixed(1)} points → grade after: <GradeBadge letter={s.letterAfter} size="sm" score={s.scoreAfter} /> {s.scoreAfter.toFixed(1)}
            {s.findingIds[0] !== undefined && <> · <Link to={orgPath(orgId, `findings/${encodeURIComponent(s.findingIds[0])}`)}>details</Link></>}
          </div>
        </li>
      ))}
    </ol>
  );
}

function SinceLastScan({ orgId }: { orgId: number }) {
  const graded = useGraded(orgId);
  const d = useQuery({ queryKey: ['diff', orgId], queryFn: () => api.get('/organizations/{orgId}/diff', { path: { orgId } }), enabled: graded === true });
  if (graded === false) { return <p className="muted">No scan yet: changes show from the second scan on.</p>; }
  if (d.isPending) { return <Loading what="the changes" />; }
  if (d.isError) { return <ErrorBox error={d.error} />; }
  const diff = asDiff(d.data.diff);
  if (diff === null) { return <p className="muted">One scan so far: changes show from the second scan on.</p>; }
  return <div data-testid="since-last-scan"><DiffList diff={diff} max={12} /><p><Link to={orgPath(orgId, 'changes')}>The whole timeline</Link></p></div>;
}

export function OrganisationPage({ orgId }: { orgId: number }) {
  return (
    <>
      <GradeHero orgId={orgId} />
      <div className="grid">
        <Section title="Top fixes" id="fixes-h" actions={<a href={apiUrl('/organizations/{orgId}/reports/{format}', { orgId, format: 'html' })} className="no-print">Full report</a>}><TopFixes orgId={orgId} /></Section>
        <Section title="What changed since the last scan" id="changed-h"><SinceLastScan orgId={orgId} /></Section>
      </div>
      <Section title="Grade trend" id="trend-h"><Trend orgId={orgId} /></Section>
      <Section title="Factor breakdown" id="factors-h"><Factors orgId={orgId} /></Section>
    </>
  );
}
