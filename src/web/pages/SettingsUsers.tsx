/**
 * @module web/pages/SettingsUsers — the users (admins only: every /users route is admin-only, so nobody else sees
 * this section): who may see this organisation, add one (the initial password typed or generated and shown once),
 * change a role, grant or withdraw this organisation, disable or enable, delete (confirmed). Admins see every
 * organisation; the admin's own row has no controls (the API refuses deleting oneself).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import type { ApiResponse } from '../api/client';
import { Empty, ErrorBox, Loading, Section } from '../components/common';
import { FieldError, FormErrorLine, fieldProps, formError, generatePassword } from '../components/form';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
type Role = (typeof ROLES)[number];
export type User = ApiResponse<'/users'>['items'][number];
type Change = { role?: Role; disabled?: boolean; orgIds?: number[] };

/** Whether a user sees the organisation: admins see all; others through a membership. */
export function hasAccess(u: User, orgId: number): boolean { return u.role === 'admin' || u.orgIds.includes(orgId); }

/** The users shown: those with access to the organisation (or all), sorted by name. */
export function visibleUsers(users: readonly User[], orgId: number, all: boolean): User[] {
  return users.filter((u) => all || hasAccess(u, orgId)).sort((a, b) => a.username.localeCompare(b.username));
}

/** The membership list with this organisation granted or withdrawn (sorted, once). */
export function withOrg(orgIds: readonly number[], orgId: number, on: boolean): number[] {
  const s = new Set(orgIds);
  if (on) { s.add(orgId); } else { s.delete(orgId); }
  return [...s].sort((a, b) => a - b);
}

const NEW_FIELDS = ['username', 'password', 'role', 'orgIds'] as const;

function NewUser({ orgId, onDone }: { orgId: number; onDone: () => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [member, setMember] = useState(true);
  const [shown, setShown] = useState<{ username: string; password: string | null } | null>(null);
  const add = useMutation({
    mutationFn: (v: { username: string; password: string; generated: boolean }) =>
      api.post('/users', { body: { username: v.username, password: v.password, role, orgIds: member && role !== 'admin' ? [orgId] : [] } }),
    onSuccess: async (u, v) => {
      setShown({ username: u.username, password: v.generated ? v.password : null });
      setUsername(''); setPassword('');
      await onDone();
    },
  });
  const err = formError(add.error, NEW_FIELDS, { GH_ERR_CONFLICT: 'username' });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const generated = password === '';
    add.mutate({ username: username.trim(), password: generated ? generatePassword() : password, generated });
  };
  return (
    <>
      {shown !== null && (
        <p className="card" role="status" data-testid="user-created">
          {shown.password !== null
            ? <>Initial password for <strong>{shown.username}</strong> (shown once, copy it now): <code data-testid="new-user-password">{shown.password}</code></>
            : <>User <strong>{shown.username}</strong> created with the password you typed.</>}
        </p>
      )}
      <form className="filters" onSubmit={submit} aria-label="Add a user" aria-busy={add.isPending} data-testid="user-form" noValidate>
        <div><label htmlFor="user-name">E-mail or user name</label>
          <input id="user-name" required autoComplete="off" maxLength={64} value={username} onChange={(e) => { add.reset(); setUsername(e.target.value); }} placeholder="ana@example.com" {...fieldProps(err, 'username', 'user-name')} />
          <FieldError err={err} field="username" id="user-name" /></div>
        <div><label htmlFor="user-role">Role</label>
          <select id="user-role" value={role} onChange={(e) => setRole(e.target.value as Role)} {...fieldProps(err, 'role', 'user-role')}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
          <FieldError err={err} field="role" id="user-role" /></div>
        <div><label htmlFor="user-password">Initial password (empty: generated)</label>
          <input id="user-password" type="password" autoComplete="new-password" value={password} onChange={(e) => { add.reset(); setPassword(e.target.value); }} {...fieldProps(err, 'password', 'user-password')} />
          <FieldError err={err} field="password" id="user-password" /></div>
        <div><label htmlFor="user-member" className="inline-check"><input id="user-member" type="checkbox" checked={member || role === 'admin'} disabled={role === 'admin'} onChange={(e) => setMember(e.target.checked)} /> Access to this organisation</label></div>
        <button type="submit" className="primary" disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add user'}</button>
        <FormErrorLine err={err} testId="user-error" />
      </form>
    </>
  );
}

function UserRow({ u, orgId, self, onDone }: { u: User; orgId: number; self: boolean; onDone: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  // keyboard users land on the safe choice when asked to confirm, and back on Delete when they cancel
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) { asked.current = true; cancelRef.current?.focus(); } else if (asked.current) { deleteRef.current?.focus(); }
  }, [confirming]);
  const change = useMutation({ mutationFn: (body: Change) => api.patch('/users/{userId}', { path: { userId: u.id }, body }), onSuccess: onDone });
  const remove = useMutation({ mutationFn: () => api.del('/users/{userId}', { path: { userId: u.id } }), onSuccess: onDone });
  const busy = change.isPending || remove.isPending;
  const error = change.error ?? remove.error;
  const label = (what: string): string => `${what} for ${u.username}`;
  return (
    <tr data-testid="user-row" data-username={u.username} aria-busy={busy}>
      <th scope="row" className="user-name">{u.username}{self && <span className="muted small"> (you)</span>}{u.disabled && <span className="muted small"> (disabled)</span>}
        {error !== null && <span className="field-error" role="alert"> {error.message}</span>}</th>
      <td>{self ? u.role : (
        <select aria-label={label('Role')} value={u.role} disabled={busy} onChange={(e) => change.mutate({ role: e.target.value as Role })}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
      )}</td>
      <td className="hide-narrow">{u.role === 'admin' ? 'all (admin)' : self ? (u.orgIds.includes(orgId) ? 'yes' : 'no') : (
        <input type="checkbox" aria-label={label('Access to this organisation')} checked={u.orgIds.includes(orgId)} disabled={busy} onChange={(e) => change.mutate({ orgIds: withOrg(u.orgIds, orgId, e.target.checked) })} />
      )}</td>
      <td className="actions">{!self && (confirming ? (
        <>
          <button type="button" className="danger" disabled={busy} onClick={() => remove.mutate()} aria-label={label('Confirm delete')}>{remove.isPending ? 'Deleting…' : 'Confirm'}</button>{' '}
          <button type="button" ref={cancelRef} disabled={busy} onClick={() => setConfirming(false)}>Cancel</button>
        </>
      ) : (
        <>
          <button type="button" disabled={busy} onClick={() => change.mutate({ disabled: !u.disabled })} aria-label={label(u.disabled ? 'Enable' : 'Disable')}>{u.disabled ? 'Enable' : 'Disable'}</button>{' '}
          <button type="button" ref={deleteRef} className="danger" disabled={busy} onClick={() => setConfirming(true)} aria-label={label('Delete')}>Delete</button>
        </>
      ))}</td>
    </tr>
  );
}

export function Users({ orgId, meId }: { orgId: number; meId: number }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['users'], queryFn: () => api.get('/users') });
  const [all, setAll] = useState(false);
  const done = async (): Promise<void> => { await qc.invalidateQueries({ queryKey: ['users'] }); };
  const rows = q.data === undefined ? [] : visibleUsers(q.data.items, orgId, all);
  return (
    <Section title="Users" id="users-h" actions={<label className="inline-check small"><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> every user</label>}>
      {q.isPending ? <Loading what="users" /> : q.isError ? <ErrorBox error={q.error} retry={() => void q.refetch()} /> : rows.length === 0 ? (
        <Empty title="No user sees this organisation yet">Add one below: viewers read, analysts also scan and change settings, admins manage everything.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="users-table" data-testid="users-table">
            <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col" className="hide-narrow">This organisation</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>{rows.map((u) => <UserRow key={u.id} u={u} orgId={orgId} self={u.id === meId} onDone={done} />)}</tbody>
          </table>
        </div>
      )}
      <NewUser orgId={orgId} onDone={done} />
    </Section>
  );
}
