/**
 * @module web/pages/Settings — the organisation's assets and scope, discovered assets awaiting approval,
 * schedules, API tokens (the secret shown once); sub-pages: the organisation itself (OrgForm.tsx) and the users
 * (admins, SettingsUsers.tsx).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { Empty, ErrorBox, Loading, Section, when } from '../components/common';
import { canWrite, useMe } from '../session';
import { Link, orgPath } from '../router';
import { OrgSettings } from './OrgForm';
import { Users } from './SettingsUsers';

const ASSET_KINDS = ['cidr', 'address', 'hostname', 'domain'] as const;
type AssetKind = (typeof ASSET_KINDS)[number];

function useInvalidate(key: readonly unknown[]) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: key });
}

function Scope({ orgId, writable }: { orgId: number; writable: boolean }) {
  const q = useQuery({ queryKey: ['scope', orgId], queryFn: () => api.get('/organizations/{orgId}/scope', { path: { orgId } }) });
  const done = useInvalidate(['scope', orgId]);
  const [target, setTarget] = useState('');
  const add = useMutation({ mutationFn: () => api.post('/organizations/{orgId}/scope', { path: { orgId }, body: { target } }), onSuccess: () => { setTarget(''); void done(); } });
  const del = useMutation({ mutationFn: (entryId: number) => api.del('/organizations/{orgId}/scope/{entryId}', { path: { orgId, entryId } }), onSuccess: done });
  return (
    <Section title="Scope (the only targets that may be scanned)" id="scope-h">
      {q.isPending ? <Loading what="scope" /> : q.isError ? <ErrorBox error={q.error} /> : q.data.items.length === 0 ? <Empty title="Empty scope">Add the CIDRs, addresses or hostnames this organisation owns; scans refuse anything else.</Empty> : (
        <ul data-testid="scope-list">{q.data.items.map((e) => <li key={e.id}><code>{e.target}</code>{e.note !== null ? ` — ${e.note}` : ''} {writable && <button type="button" className="link" onClick={() => del.mutate(e.id)}>remove</button>}</li>)}</ul>
      )}
      {writable && (
        <form className="filters" onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate(); }}>
          <div><label htmlFor="scope-target">Add to scope</label><input id="scope-target" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="192.0.2.0/24" required /></div>
          <button type="submit" className="primary" disabled={add.isPending}>Add</button>
          {add.error !== null && <p className="error" role="alert">{add.error.message}</p>}
        </form>
      )}
    </Section>
  );
}

function Assets({ orgId, writable }: { orgId: number; writable: boolean }) {
  const q = useQuery({ queryKey: ['assets', orgId], queryFn: () => api.get('/organizations/{orgId}/assets', { path: { orgId }, query: { limit: 1000 } }) });
  const done = useInvalidate(['assets', orgId]);
  const [kind, setKind] = useState<AssetKind>('cidr');
  const [value, setValue] = useState('');
  const add = useMutation({ mutationFn: () => api.post('/organizations/{orgId}/assets', { path: { orgId }, body: { kind, value } }), onSuccess: () => { setValue(''); void done(); } });
  const del = useMutation({ mutationFn: (assetId: number) => api.del('/organizations/{orgId}/assets/{assetId}', { path: { orgId, assetId } }), onSuccess: done });
  return (
    <Section title="Assets" id="assets-h">
      {q.isPending ? <Loading what="assets" /> : q.isError ? <ErrorBox error={q.error} /> : q.data.items.length === 0 ? <Empty title="No asset yet">Record what the organisation owns (networks, hosts, domains); discovery proposes more below.</Empty> : (
        <ul>{q.data.items.map((a) => <li key={a.id}>{a.kind}: <code>{a.value}</code> {writable && <button type="button" className="link" onClick={() => del.mutate(a.id)}>remove</button>}</li>)}</ul>
      )}
      {writable && (
        <form className="filters" onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate(); }}>
          <div><label htmlFor="asset-kind">Kind</label><select id="asset-kind" value={kind} onChange={(e) => setKind(e.target.value as AssetKind)}>{ASSET_KINDS.map((k) => <option key={k}>{k}</option>)}</select></div>
          <div><label htmlFor="asset-value">Value</label><input id="asset-value" value={value} onChange={(e) => setValue(e.target.value)} required /></div>
          <button type="submit" className="primary" disabled={add.isPending}>Add asset</button>
          {add.error !== null && <p className="error" role="alert">{add.error.message}</p>}
        </form>
      )}
    </Section>
  );
}

function Discovered({ orgId, writable }: { orgId: number; writable: boolean }) {
  const q = useQuery({ queryKey: ['discovered', orgId], queryFn: () => api.get('/organizations/{orgId}/discovered', { path: { orgId }, query: { status: 'pending' } }) });
  const done = useInvalidate(['discovered', orgId]);
  const decide = useMutation({
    mutationFn: (v: { id: number; decision: 'approved' | 'rejected' }) => api.post('/organizations/{orgId}/discovered/{discoveredId}', { path: { orgId, discoveredId: v.id }, body: { decision: v.decision } }),
    onSuccess: done,
  });
  return (
    <Section title="Discovered, awaiting approval" id="disc-h">
      {q.isPending ? <Loading what="discovered assets" /> : q.isError ? <ErrorBox error={q.error} /> : q.data.items.length === 0 ? <p className="muted">Nothing waiting. Discovery (DNS, certificates) proposes assets here after scans.</p> : (
        <ul>{q.data.items.map((d) => (
          <li key={d.id} data-testid="discovered">{d.kind} <code>{d.value}</code> <span className="muted small">from {d.source} ({d.provenance.join(', ')}), first seen {when(d.firstSeen)}</span>
            {writable && <> <button type="button" onClick={() => decide.mutate({ id: d.id, decision: 'approved' })}>Approve</button> <button type="button" className="danger" onClick={() => decide.mutate({ id: d.id, decision: 'rejected' })}>Reject</button></>}
          </li>
        ))}</ul>
      )}
    </Section>
  );
}

function Schedules({ orgId, writable }: { orgId: number; writable: boolean }) {
  const q = useQuery({ queryKey: ['schedules', orgId], queryFn: () => api.get('/organizations/{orgId}/schedules', { path: { orgId } }) });
  const done = useInvalidate(['schedules', orgId]);
  const [hours, setHours] = useState(24);
  const add = useMutation({ mutationFn: () => api.post('/organizations/{orgId}/schedules', { path: { orgId }, body: { intervalSeconds: hours * 3600 } }), onSuccess: done });
  const del = useMutation({ mutationFn: (scheduleId: number) => api.del('/organizations/{orgId}/schedules/{scheduleId}', { path: { orgId, scheduleId } }), onSuccess: done });
  return (
    <Section title="Schedules" id="sched-h">
      {q.isPending ? <Loading what="schedules" /> : q.isError ? <ErrorBox error={q.error} /> : q.data.items.length === 0 ? <Empty title="No schedule">Scan regularly to see changes: add one below.</Empty> : (
        <ul>{q.data.items.map((s) => (
          <li key={s.id}>{s.cron !== null ? `cron ${s.cron}` : `every ${Math.round((s.intervalSeconds ?? 0) / 3600)} h`} · ports {s.ports}{s.enabled ? '' : ' (disabled)'} · next {when(s.nextRunAt)} {writable && <button type="button" className="link" onClick={() => del.mutate(s.id)}>remove</button>}</li>
        ))}</ul>
      )}
      {writable && (
        <form className="filters" onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate(); }}>
          <div><label htmlFor="sched-hours">Every (hours)</label><input id="sched-hours" type="number" min={1} max={720} value={hours} onChange={(e) => setHours(Number(e.target.value))} /></div>
          <button type="submit" className="primary" disabled={add.isPending}>Add schedule</button>
          {add.error !== null && <p className="error" role="alert">{add.error.message}</p>}
        </form>
      )}
    </Section>
  );
}

function Tokens({ orgId, writable }: { orgId: number; writable: boolean }) {
  const q = useQuery({ queryKey: ['tokens', orgId], queryFn: () => api.get('/organizations/{orgId}/tokens', { path: { orgId } }) });
  const done = useInvalidate(['tokens', orgId]);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const add = useMutation({ mutationFn: () => api.post('/organizations/{orgId}/tokens', { path: { orgId }, body: { name, scope } }), onSuccess: () => { setName(''); void done(); } });
  const revoke = useMutation({ mutationFn: (tokenId: number) => api.del('/organizations/{orgId}/tokens/{tokenId}', { path: { orgId, tokenId } }), onSuccess: done });
  return (
    <Section title="API tokens" id="tokens-h">
      {q.isPending ? <Loading what="tokens" /> : q.isError ? <ErrorBox error={q.error} /> : q.data.items.length === 0 ? <p className="muted">No token. Create one for scripts and CI.</p> : (
        <ul>{q.data.items.map((t) => <li key={t.id}>{t.name} <code>{t.prefix}…</code> {t.scope} · expires {when(t.expires)}{t.revoked !== null ? ' · revoked' : ''} {writable && t.revoked === null && <button type="button" className="link" onClick={() => revoke.mutate(t.id)}>revoke</button>}</li>)}</ul>
      )}
      {add.data !== undefined && <p className="card" role="status">New token (shown once, copy it now): <code data-testid="new-token">{add.data.token}</code></p>}
      {writable && (
        <form className="filters" onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate(); }}>
          <div><label htmlFor="tok-name">Name</label><input id="tok-name" value={name} onChange={(e) => setName(e.target.value)} required /></div>
          <div><label htmlFor="tok-scope">Scope</label><select id="tok-scope" value={scope} onChange={(e) => setScope(e.target.value as 'read' | 'write')}><option>read</option><option>write</option></select></div>
          <button type="submit" className="primary" disabled={add.isPending}>Create token</button>
          {add.error !== null && <p className="error" role="alert">{add.error.message}</p>}
        </form>
      )}
    </Section>
  );
}

function Authorisations({ orgId, admin }: { orgId: number; admin: boolean }) {
  const q = useQuery({ queryKey: ['authorizations', orgId], queryFn: () => api.get('/organizations/{orgId}/authorizations', { path: { orgId } }) });
  const done = useInvalidate(['authorizations', orgId]);
  const qc = useQueryClient();
  const qcInvalidateSummary = () => qc.invalidateQueries({ queryKey: ['summary', orgId] });
  const [grantedBy, setBy] = useState('');
  const [reference, setRef] = useState('');
  const [days, setDays] = useState(90);
  const add = useMutation({
    mutationFn: () => {
      const now = new Date();
      return api.post('/organizations/{orgId}/authorizations', { path: { orgId }, body: { grantedBy, reference, grantedAt: now.toISOString(), expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString() } });
    },
    onSuccess: () => { setRef(''); void done(); void qcInvalidateSummary(); },
  });
  const current = (q.data?.items ?? []).filter((a) => a.revokedAt === null && a.expiresAt > new Date().toISOString());
  return (
    <Section title="Authorisation to scan" id="auth-h">
      {q.isPending ? <Loading what="authorisations" /> : q.isError ? <ErrorBox error={q.error} /> : current.length === 0 ? <Empty title="No valid authorisation">Active scans need a written authorisation from the owner; an admin records it here.</Empty> : (
        <ul data-testid="authorizations">{current.map((a) => <li key={a.id}>{a.reference} — granted by {a.grantedBy}, until {when(a.expiresAt)}</li>)}</ul>
      )}
      {admin && (
        <form className="filters" onSubmit={(e: FormEvent) => { e.preventDefault(); add.mutate(); }} data-testid="authorization-form">
          <div><label htmlFor="auth-by">Granted by</label><input id="auth-by" value={grantedBy} onChange={(e) => setBy(e.target.value)} required placeholder="CISO, Acme" /></div>
          <div><label htmlFor="auth-ref">Reference</label><input id="auth-ref" value={reference} onChange={(e) => setRef(e.target.value)} required placeholder="contract or ticket" /></div>
          <div><label htmlFor="auth-days">Valid (days)</label><input id="auth-days" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(Number(e.target.value))} /></div>
          <button type="submit" className="primary" disabled={add.isPending}>Record</button>
          {add.error !== null && <p className="error" role="alert">{add.error.message}</p>}
        </form>
      )}
    </Section>
  );
}

/** The settings pages: '' (scope, assets, authorisation, discovery, schedules, tokens), 'organisation', 'users' (admins). */
export const SETTINGS_SECTIONS: ReadonlyArray<readonly [string, string]> = [['', 'Scope & assets'], ['organisation', 'Organisation'], ['users', 'Users']];

function SettingsNav({ orgId, section, admin }: { orgId: number; section: string; admin: boolean }) {
  return (
    <nav aria-label="Settings" className="subnav">
      <ul>{SETTINGS_SECTIONS.filter(([s]) => s !== 'users' || admin).map(([s, label]) => (
        <li key={s}><Link to={orgPath(orgId, s === '' ? 'settings' : `settings/${s}`)} aria-current={s === section ? 'page' : undefined} className={s === section ? 'current' : undefined}>{label}</Link></li>
      ))}</ul>
    </nav>
  );
}

export function SettingsPage({ orgId, section = '' }: { orgId: number; section?: string }) {
  const me = useMe();
  const writable = canWrite(me.data);
  const admin = me.data?.role === 'admin' && me.data.kind === 'user';
  const title = SETTINGS_SECTIONS.find(([s]) => s === section)?.[1];
  if (title === undefined) {
    return <><h1>Settings</h1><Empty title="No such settings page">Pick one: {SETTINGS_SECTIONS.map(([, l]) => l).join(', ')}.</Empty><SettingsNav orgId={orgId} section={section} admin={admin} /></>;
  }
  return (
    <>
      <h1>Settings{section === '' ? '' : `: ${title}`}</h1>
      <SettingsNav orgId={orgId} section={section} admin={admin} />
      {section === 'organisation' && <OrgSettings orgId={orgId} writable={writable} />}
      {section === 'users' && (me.isPending ? <Loading what="your role" /> : admin && me.data?.id != null
        ? <Users orgId={orgId} meId={me.data.id} />
        : <Empty title="Administrators only">Only an administrator manages users; ask one to add or change an account.</Empty>)}
      {section === '' && (
        <>
          <div className="grid">
            <Scope orgId={orgId} writable={writable} />
            <Assets orgId={orgId} writable={writable} />
          </div>
          <Authorisations orgId={orgId} admin={admin} />
          <Discovered orgId={orgId} writable={writable} />
          <div className="grid">
            <Schedules orgId={orgId} writable={writable} />
            {me.data?.kind === 'user' && <Tokens orgId={orgId} writable={writable} />}
          </div>
        </>
      )}
    </>
  );
}
