/** @module web/pages/Changes — the diff timeline, run by run, newest first (paged: "show older"). */
import { useInfiniteQuery } from '@tanstack/react-query';
import { getJson, type Change } from '../api/pending';
import { GradeBadge } from '../components/GradeBadge';
import { changeAsDiff, diffLines, diffSummary } from '../components/diff';
import { Empty, ErrorBox, Loading, when } from '../components/common';
import { Link, orgPath } from '../router';

function Entry({ c }: { c: Change }) {
  const { diff, omitted } = changeAsDiff(c);
  const lines = diffLines(diff);
  return (
    <li data-testid="change-entry" data-run-id={c.runId}>
      <h2 className="row"><span>{when(c.at)}</span> <span className="muted small">run #{c.runId}{c.previousRunId === null ? ' (first scan)' : ` against #${c.previousRunId}`}</span>
        {c.grade.toLetter !== null && <GradeBadge letter={c.grade.toLetter} score={c.grade.to} size="sm" />}</h2>
      <p className="muted">{c.previousRunId === null ? 'The first scan of this organisation.' : diffSummary(diff)}</p>
      {lines.length > 0 && <ul className="difflist">{lines.map((l, i) => <li key={i} className={`tone-${l.tone}`} data-kind={l.kind}>{l.text}</li>)}</ul>}
      {omitted > 0 && <p className="muted small">{omitted} more changes not listed (see the run's report).</p>}
    </li>
  );
}

export function ChangesPage({ orgId }: { orgId: number }) {
  const q = useInfiniteQuery({
    queryKey: ['changes', orgId],
    initialPageParam: '',
    queryFn: ({ pageParam }) => getJson<{ items: Change[]; next: string | null }>('/organizations/{orgId}/changes', { orgId }, { limit: 20, cursor: pageParam === '' ? undefined : pageParam }),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <h1>Changes</h1>
      {q.isPending ? <Loading what="the timeline" /> : q.isError ? <ErrorBox error={q.error} /> : items.length === 0 ? (
        <Empty title="No change yet">The timeline compares each scan with the one before: run a scan from the <Link to={orgPath(orgId, 'scan')}>Scan</Link> tab, then another later.</Empty>
      ) : (
        <div className="card">
          <ol className="timeline" data-testid="timeline">{items.map((c) => <Entry key={c.runId} c={c} />)}</ol>
          {q.hasNextPage && <button type="button" onClick={() => { void q.fetchNextPage(); }} disabled={q.isFetchingNextPage}>{q.isFetchingNextPage ? 'Loading…' : 'Show older'}</button>}
        </div>
      )}
    </>
  );
}
