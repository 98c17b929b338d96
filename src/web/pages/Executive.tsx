/**
 * @module web/pages/Executive — one plain-language page for business leaders: what the grade means, the three
 * things to do, the trend; prints cleanly (the browser's Print → PDF) and links the server-made PDF.
 */
import { useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../api';
import { asPlan } from '../api/views';
import { GradeBadge } from '../components/GradeBadge';
import { TrendChart } from '../components/TrendChart';
import { gradeColours } from '../components/grade';
import { ErrorBox, Loading, when } from '../components/common';
import { signed } from '../components/diff';

const MEANING: Readonly<Record<string, string>> = {
  A: 'Strong: nothing exposed that an attacker could readily use.',
  B: 'Good: a few weaknesses, none of them critical.',
  C: 'Fair: weaknesses an attacker would look for; fix the top items this quarter.',
  D: 'Weak: serious exposures that need attention now.',
  F: 'Failing: services are open to the internet in ways that are routinely attacked.',
};

export function ExecutivePage({ orgId }: { orgId: number }) {
  const s = useQuery({ queryKey: ['summary', orgId], queryFn: () => api.get('/organizations/{orgId}/summary', { path: { orgId } }) });
  const p = useQuery({ queryKey: ['plan', orgId, 3], queryFn: () => api.get('/organizations/{orgId}/plan', { path: { orgId }, query: { top: 3 } }), retry: false, enabled: s.data?.grade !== null && s.data?.grade !== undefined });
  const h = useQuery({ queryKey: ['history', orgId], queryFn: () => api.get('/organizations/{orgId}/grade/history', { path: { orgId }, query: { limit: 500 } }) });
  if (s.isPending) { return <Loading what="the summary" />; }
  if (s.isError) { return <ErrorBox error={s.error} />; }
  const { grade, weekAgo, organization } = s.data;
  const plan = p.data === undefined ? null : asPlan(p.data.plan);
  const pdf = reportPdf(orgId);
  return (
    <article className="exec" data-testid="executive">
      <div className="row no-print">
        <a className="button primary" href={pdf} download data-testid="pdf-link">Download PDF</a>
        <button type="button" onClick={() => window.print()}>Print this page</button>
      </div>
      <h1>{organization.name}: security grade</h1>
      <div className="hero">
        <GradeBadge letter={grade?.letter} score={grade?.score ?? null} size="xl" />
        <div>
          <p className="score">{grade === null ? 'Not graded yet' : `${grade.letter} — ${grade.score.toFixed(0)} out of 100`}</p>
          <p>{grade === null ? 'No scan has been graded yet.' : MEANING[grade.letter] ?? gradeColours(grade.letter).label}</p>
          {grade !== null && weekAgo !== null && <p>Since last week: {signed(grade.score - weekAgo.score)} points ({weekAgo.letter} → {grade.letter}).</p>}
          {grade !== null && <p className="muted small">As of {when(grade.at)}.</p>}
        </div>
      </div>
      <h2>The three things to do</h2>
      {p.isPending && grade !== null ? <Loading what="the plan" /> : plan === null || plan.steps.length === 0 ? <p>Nothing to fix right now; keep monitoring.</p> : (
        <ol className="fixes">{plan.steps.slice(0, 3).map((st, i) => <li key={i} data-testid="top-fix"><strong>{st.action}</strong> on {st.host} — raises the grade to {st.letterAfter} ({st.scoreAfter.toFixed(0)}).</li>)}</ol>
      )}
      <h2>The trend</h2>
      {h.data === undefined ? <Loading what="the trend" /> : <TrendChart points={h.data.items} height={180} />}
    </article>
  );
}

/** The server-rendered PDF report of the latest run. */
function reportPdf(orgId: number): string {
  return apiUrl('/organizations/{orgId}/reports/{format}', { orgId, format: 'pdf' });
}
