/** @module web/pages/Host — one host: ports with service and version, TLS summary, findings with their lifecycle, its grade history. */
import { useQuery } from '@tanstack/react-query';
import { getJson, type HostDetail } from '../api/pending';
import { GradeBadge } from '../components/GradeBadge';
import { TrendChart } from '../components/TrendChart';
import { Empty, ErrorBox, Loading, Section, SeverityChip, when } from '../components/common';
import { Link, orgPath } from '../router';

export function HostPage({ orgId, address }: { orgId: number; address: string }) {
  const d = useQuery({ queryKey: ['host', orgId, address], queryFn: () => getJson<HostDetail>('/organizations/{orgId}/hosts/{address}', { orgId, address }) });
  if (d.isPending) { return <Loading what={`host ${address}`} />; }
  if (d.isError) { return <ErrorBox error={d.error} />; }
  const { host, ports, findings, history } = d.data;
  return (
    <>
      <p><Link to={orgPath(orgId, 'hosts')}>← All hosts</Link></p>
      <section className="card hero" data-testid="host-hero">
        <GradeBadge letter={host.letter} score={host.score} size="xl" />
        <div>
          <h1>{host.address}</h1>
          <p>{host.hostname ?? 'no hostname'} · {host.os === null ? 'OS unknown' : `${host.os.name}${host.os.version !== undefined ? ` ${host.os.version}` : ''}`} · last seen {when(host.lastSeen)}{host.stale ? ' (not answering)' : ''}</p>
        </div>
      </section>
      <Section title={`Open ports (${ports.length})`} id="ports-h">
        {ports.length === 0 ? <p className="muted">No open port in the last scan.</p> : (
          <div className="table-wrap"><table data-testid="host-ports">
            <thead><tr><th scope="col">Port</th><th scope="col">Service</th><th scope="col">Product / version</th><th scope="col">TLS</th></tr></thead>
            <tbody>{ports.map((p) => (
              <tr key={`${p.port}/${p.protocol}`}><td>{p.port}/{p.protocol}</td><td>{p.service}</td><td>{[p.product, p.version].filter((x) => x !== null).join(' ') || '—'}</td>
                <td>{p.tls === null ? '—' : <>{p.tls.versions.join(', ')}{p.tls.certificateSubject !== null ? ` · ${p.tls.certificateSubject}` : ''}{p.tls.notAfter !== null ? ` · expires ${when(p.tls.notAfter)}` : ''}{p.tls.findings.length > 0 ? ` · ${p.tls.findings.length} TLS findings` : ''}</>}</td></tr>
            ))}</tbody>
          </table></div>
        )}
      </Section>
      <Section title={`Findings (${findings.length})`} id="hf-h">
        {findings.length === 0 ? <Empty title="No finding on this host">Nothing costs this host points.</Empty> : (
          <div className="table-wrap"><table>
            <thead><tr><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Port</th><th scope="col">State</th><th scope="col" className="hide-narrow">First seen</th></tr></thead>
            <tbody>{findings.map((f) => (
              <tr key={f.id}><td><SeverityChip severity={f.severity} /></td><td><Link to={orgPath(orgId, `findings/${encodeURIComponent(f.findingId)}`)}>{f.title}</Link></td><td>{f.port ?? 'host'}</td><td>{f.state}{f.reopenCount > 0 ? ` (reopened ${f.reopenCount}×)` : ''}</td><td className="hide-narrow">{when(f.firstSeen)}</td></tr>
            ))}</tbody>
          </table></div>
        )}
      </Section>
      <Section title="This host's grade over time" id="hh-h"><TrendChart points={history} height={180} /></Section>
    </>
  );
}
