/** @module web/pages/Alerts — alert rules, their deliveries, and the dead letters (retry each); channels listed and added. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { Empty, ErrorBox, Loading, Section, when } from '../components/common';
import { Link, orgPath } from '../router';
import { canWrite, useMe } from '../session';
import { ChannelForm } from './ChannelForm';

type Status = 'pending' | 'delivered' | 'dead';
const KINDS = ['port-opened', 'finding-new', 'grade-below', 'grade-drop', 'service-changed'] as const;
type Kind = (typeof KINDS)[number];

function describeRule(kind: string, params: { letter?: string; minSeverity?: string; points?: number; readonly ports?: number[] }): string {
  switch (kind) {
    case 'port-opened': return `A port opens${params.ports !== undefined && params.ports.length > 0 ? ` (${params.ports.join(', ')})` : ''}`;
    case 'finding-new': return `A new finding of severity ${params.minSeverity ?? 'any'} or worse`;
    case 'grade-below': return `The grade falls below ${params.letter ?? '?'}`;
    case 'grade-drop': return `The score drops by ${params.points ?? '?'} points or more`;
    case 'service-changed': return 'A service or its version changes';
    default: return kind;
  }
}

function AddRule({ orgId, channels }: { orgId: number; channels: ReadonlyArray<{ id: number; name: string }> }) {
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('port-opened');
  const [channelId, setChannel] = useState<number>(channels[0]?.id ?? 0);
  const add = useMutation({
    mutationFn: () => api.post('/organizations/{orgId}/alerts/rules', { path: { orgId }, body: { kind, channelId, params: kind === 'grade-below' ? { letter: 'C' } : kind === 'grade-drop' ? { points: 5 } : kind === 'finding-new' ? { minSeverity: 'high' } : {} } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['rules', orgId] }),
  });
  const submit = (e: FormEvent): void => { e.preventDefault(); add.mutate(); };
  return (
    <form className="filters" onSubmit={submit}>
      <div><label htmlFor="rule-kind">When</label><select id="rule-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>{KINDS.map((k) => <option key={k} value={k}>{describeRule(k, k === 'grade-below' ? { letter: 'C' } : k === 'grade-drop' ? { points: 5 } : k === 'finding-new' ? { minSeverity: 'high' } : {})}</option>)}</select></div>
      <div><label htmlFor="rule-channel">Tell</label><select id="rule-channel" value={channelId} onChange={(e) => setChannel(Number(e.target.value))}>{channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></div>
      <button type="submit" className="primary" disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add rule'}</button>
      {add.error !== null && <p className="error" role="alert">{add.error.message}</p>}
    </form>
  );
}

function Deliveries({ orgId, writable }: { orgId: number; writable: boolean }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status | ''>('');
  const d = useQuery({ queryKey: ['deliveries', orgId, status], queryFn: () => api.get('/organizations/{orgId}/alerts/deliveries', { path: { orgId }, query: { limit: 200, ...(status === '' ? {} : { status }) } }), refetchInterval: 15_000 });
  const retry = useMutation({
    mutationFn: (deliveryId: number) => api.post('/organizations/{orgId}/alerts/deliveries/{deliveryId}/retry', { path: { orgId, deliveryId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['deliveries', orgId] }),
  });
  // aria-busy while the list is being fetched (first load or a refetch): assistive tech, and tests, know when it is current.
  return (
    <div data-testid="deliveries" aria-busy={d.isFetching}>
      <div className="filters"><div><label htmlFor="dl-status">Show</label>
        <select id="dl-status" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}><option value="">all deliveries</option><option value="pending">pending</option><option value="delivered">delivered</option><option value="dead">dead letters</option></select></div></div>
      {d.isPending ? <Loading what="deliveries" /> : d.isError ? <ErrorBox error={d.error} /> : d.data.items.length === 0 ? (
        <Empty title={status === 'dead' ? 'No dead letters' : 'No delivery yet'}>Alerts are sent when a scan changes something a rule watches; run a scan after adding a rule.</Empty>
      ) : (
        <div className="table-wrap"><table>
          <thead><tr><th scope="col">When</th><th scope="col">Alert</th><th scope="col">Status (last error)</th><th scope="col" className="num hide-narrow">Attempts</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>{d.data.items.map((x) => {
            const title = typeof x.payload === 'object' && x.payload !== null && 'title' in x.payload && typeof x.payload.title === 'string' ? x.payload.title : `rule ${x.ruleId}, run ${x.runId}`;
            return (
              <tr key={x.id} data-testid="alert-delivery" data-status={x.status}>
                <td>{when(x.createdAt)}</td><td>{title}</td>
                <td>{x.status === 'dead' ? <strong className="tone-worse">dead letter</strong> : x.status}{x.lastError !== null && <div className="small wrap-any">{x.lastError}</div>}</td>
                <td className="num hide-narrow">{x.attempts}</td>
                <td>{x.status === 'dead' && writable && <button type="button" onClick={() => retry.mutate(x.id)} disabled={retry.isPending}>Retry</button>}</td>
              </tr>
            );
          })}</tbody>
        </table></div>
      )}
    </div>
  );
}

export function AlertsPage({ orgId }: { orgId: number }) {
  const me = useMe();
  const writable = canWrite(me.data);
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: ['rules', orgId], queryFn: () => api.get('/organizations/{orgId}/alerts/rules', { path: { orgId } }) });
  const channels = useQuery({ queryKey: ['channels', orgId], queryFn: () => api.get('/organizations/{orgId}/alerts/channels', { path: { orgId } }) });
  const del = useMutation({ mutationFn: (ruleId: number) => api.del('/organizations/{orgId}/alerts/rules/{ruleId}', { path: { orgId, ruleId } }), onSuccess: () => qc.invalidateQueries({ queryKey: ['rules', orgId] }) });
  const chans = channels.data?.items ?? [];
  const name = (id: number): string => chans.find((c) => c.id === id)?.name ?? `channel ${id}`;
  return (
    <>
      <h1>Alerts</h1>
      <Section title="Rules" id="rules-h">
        {rules.isPending ? <Loading what="rules" /> : rules.isError ? <ErrorBox error={rules.error} /> : rules.data.items.length === 0 ? (
          <Empty title="No alert rule">{chans.length === 0 ? 'Add a channel first (webhook, Slack or e-mail, under Channels below), then a rule here.' : 'Add a rule below to be told when a port opens or the grade drops.'}</Empty>
        ) : (
          <ul>{rules.data.items.map((r) => (
            <li key={r.id} data-testid="alert-rule">{describeRule(r.kind, r.params)} → {name(r.channelId)}{r.enabled ? '' : ' (disabled)'} {writable && <button type="button" className="link" onClick={() => del.mutate(r.id)}>remove</button>}</li>
          ))}</ul>
        )}
        {writable && chans.length > 0 && <AddRule orgId={orgId} channels={chans} />}
      </Section>
      <Section title="Deliveries and dead letters" id="deliveries-h"><Deliveries orgId={orgId} writable={writable} /></Section>
      <Section title="Channels" id="channels-h">
        {chans.length === 0 ? <p className="muted">No channel yet{writable ? ': add one here.' : '.'}</p> : <ul>{chans.map((c) => <li key={c.id} data-testid="alert-channel">{c.name} ({c.kind})</li>)}</ul>}
        {writable && <ChannelForm orgId={orgId} />}
        <p className="muted small">See also <Link to={orgPath(orgId, 'changes')}>the changes</Link> that triggered alerts.</p>
      </Section>
    </>
  );
}
