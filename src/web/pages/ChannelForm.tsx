/**
 * @module web/pages/ChannelForm — adds an alert channel (POST /organizations/:orgId/alerts/channels): a webhook
 * {url, secret} (signed with HMAC-SHA256), a Slack incoming webhook {url}, or e-mail over SMTP {host, port, from, to[]}.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export const CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface ChannelFields { url: string; secret: string; host: string; port: string; from: string; to: string }
const EMPTY: ChannelFields = { url: '', secret: '', host: '', port: '25', from: '', to: '' };

/** The API's `config` for a kind from the form's fields (e-mail recipients: comma, semicolon or space separated). */
export function channelConfig(kind: ChannelKind, f: ChannelFields): Record<string, unknown> {
  switch (kind) {
    case 'webhook': return { url: f.url.trim(), secret: f.secret };
    case 'slack': return { url: f.url.trim() };
    case 'email': return { host: f.host.trim(), port: Number(f.port), from: f.from.trim(), to: f.to.split(/[\s,;]+/).filter((t) => t !== '') };
  }
}

export function ChannelForm({ orgId }: { orgId: number }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ChannelKind>('webhook');
  const [f, setF] = useState<ChannelFields>(EMPTY);
  const set = (k: keyof ChannelFields) => (e: { target: { value: string } }): void => { const v = e.target.value; setF((old) => ({ ...old, [k]: v })); };
  const add = useMutation({
    mutationFn: () => api.post('/organizations/{orgId}/alerts/channels', { path: { orgId }, body: { name: name.trim(), kind, config: channelConfig(kind, f) } }),
    onSuccess: async () => { setName(''); setF(EMPTY); await qc.invalidateQueries({ queryKey: ['channels', orgId] }); },
  });
  const submit = (e: FormEvent): void => { e.preventDefault(); add.mutate(); };
  return (
    <form className="filters" onSubmit={submit} aria-label="Add a channel">
      <div><label htmlFor="ch-name">Channel name</label><input id="ch-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></div>
      <div><label htmlFor="ch-kind">Kind</label>
        <select id="ch-kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>{CHANNEL_KINDS.map((k) => <option key={k} value={k}>{k === 'email' ? 'e-mail' : k}</option>)}</select></div>
      {kind !== 'email' ? (
        <div><label htmlFor="ch-url">{kind === 'webhook' ? 'Webhook URL' : 'Slack webhook URL'}</label><input id="ch-url" type="url" required value={f.url} onChange={set('url')} /></div>
      ) : (
        <>
          <div><label htmlFor="ch-host">SMTP host</label><input id="ch-host" required value={f.host} onChange={set('host')} /></div>
          <div><label htmlFor="ch-port">SMTP port</label><input id="ch-port" inputMode="numeric" pattern="[0-9]+" size={5} required value={f.port} onChange={set('port')} /></div>
          <div><label htmlFor="ch-from">From</label><input id="ch-from" type="email" required value={f.from} onChange={set('from')} /></div>
          <div><label htmlFor="ch-to">To (comma separated)</label><input id="ch-to" required value={f.to} onChange={set('to')} /></div>
        </>
      )}
      {kind === 'webhook' && <div><label htmlFor="ch-secret">Signing secret</label><input id="ch-secret" type="password" autoComplete="off" required minLength={16} value={f.secret} onChange={set('secret')} /></div>}
      <button type="submit" className="primary" disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add channel'}</button>
      {add.error !== null && <p className="error" role="alert">{add.error.message}</p>}
    </form>
  );
}
