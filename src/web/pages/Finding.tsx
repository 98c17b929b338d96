/** @module web/pages/Finding — one kind of finding: what it is, how to fix it, references, and every host where it occurs with its evidence in hex + ASCII. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { HexView } from '../components/HexView';
import { evidenceBytes } from '../components/hex';
import { ErrorBox, Loading, Section, SeverityChip, when } from '../components/common';
import { Link, orgPath } from '../router';

export function FindingPage({ orgId, checkId }: { orgId: number; checkId: string }) {
  const d = useQuery({ queryKey: ['finding-type', orgId, checkId], queryFn: () => api.get('/organizations/{orgId}/finding-types/{checkId}', { path: { orgId, checkId } }) });
  if (d.isPending) { return <Loading what={`finding ${checkId}`} />; }
  if (d.isError) { return <ErrorBox error={d.error} />; }
  const f = d.data;
  return (
    <div className="finding">
      <h1><SeverityChip severity={f.severity} /> {f.title}</h1>
      <p className="muted mono">{f.checkId} · {f.total} occurrence{f.total === 1 ? '' : 's'}</p>
      <div className="grid">
        <Section title="What it is" id="fd-h"><p>{f.description}</p></Section>
        <Section title="How to fix it" id="fr-h"><p data-testid="remediation">{f.remediation}</p>
          {f.references.length > 0 && <ul>{f.references.map((r) => <li key={r}><a href={r} rel="noreferrer noopener" target="_blank">{r}</a></li>)}</ul>}
        </Section>
      </div>
      <Section title="Where it occurs" id="fo-h">
        {f.occurrences.map((o) => (
          <article key={`${o.address}:${o.port ?? ''}/${o.protocol ?? ''}`} className="card" data-testid="occurrence">
            <h3><Link to={orgPath(orgId, `hosts/${encodeURIComponent(o.address)}`)}>{o.address}</Link>{o.port === null ? '' : `:${o.port}/${o.protocol ?? 'tcp'}`} <span className="muted small">{o.state}</span></h3>
            <p className="small">First seen {when(o.firstSeen)} · last seen {when(o.lastSeen)}{o.fixedAt !== null ? ` · fixed ${when(o.fixedAt)}` : ''}{o.reopenCount > 0 ? ` · reopened ${o.reopenCount}×` : ''}</p>
            {o.observed !== null && <p>{o.observed}</p>}
            {o.evidence.map((e, i) => <HexView key={i} bytes={evidenceBytes(e.base64, 'base64')} label={`${e.direction === 'sent' ? 'Sent' : 'Received'}${e.truncated ? ' (truncated)' : ''}${e.note !== undefined ? ` — ${e.note}` : ''}`} />)}
          </article>
        ))}
        {f.occurrences.length < f.total && <p className="muted">{f.total - f.occurrences.length} more not listed.</p>}
      </Section>
    </div>
  );
}
