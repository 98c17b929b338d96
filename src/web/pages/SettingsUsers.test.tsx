/** @module web/pages/SettingsUsers.test — users of the organisation: list, add (password generated and shown once), role, access, delete confirmed, errors inline. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Users, hasAccess, visibleUsers, withOrg, type User } from './SettingsUsers';
import { fakeApi, withQuery, type FakeCall } from '../test-fake-api';

afterEach(cleanup);
const u = (id: number, username: string, role: User['role'], orgIds: number[], disabled = false): User => ({ id, username, role, orgIds, disabled, created: '2026-12-01T00:00:00Z' });
const ADMIN = u(1, 'admin', 'admin', []);

describe('user list logic', () => {
  it('access: admins everywhere, others by membership; the list sorted, all or this organisation only', () => {
    const users = [u(3, 'zed', 'viewer', [2]), ADMIN, u(2, 'bea', 'analyst', [7, 2])];
    expect(hasAccess(ADMIN, 9)).toBe(true);
    expect(hasAccess(users[0]!, 7)).toBe(false);
    expect(visibleUsers(users, 7, false).map((x) => x.username)).toEqual(['admin', 'bea']);
    expect(visibleUsers(users, 7, true).map((x) => x.username)).toEqual(['admin', 'bea', 'zed']);
    expect(withOrg([7, 2], 5, true)).toEqual([2, 5, 7]);
    expect(withOrg([7, 2], 7, false)).toEqual([2]);
    expect(withOrg([2], 2, true)).toEqual([2]);
  });
});

describe('<Users>', () => {
  let users: User[] = [];
  let restore = (): void => undefined;
  afterEach(() => restore());
  function start(extra: Record<string, (c: FakeCall) => { status: number; body: unknown }> = {}): FakeCall[] {
    const f = fakeApi({
      'GET /users': () => ({ status: 200, body: { items: users } }),
      'POST /users': (c) => {
        const b = c.body as { username: string; role: User['role']; orgIds: number[] };
        const made = u(10 + users.length, b.username, b.role, b.orgIds);
        users = [...users, made];
        return { status: 201, body: made };
      },
      ...extra,
    });
    restore = f.restore;
    return f.calls;
  }

  it('an empty organisation says so; adding a viewer sends this organisation and a generated password, shown once', async () => {
    users = [u(5, 'elsewhere', 'viewer', [9])];
    const calls = start();
    render(withQuery(<Users orgId={3} meId={1} />));
    await screen.findByTestId('empty-state');
    fireEvent.change(screen.getByLabelText(/e-mail or user name/i), { target: { value: ' ana@example.com ' } });
    fireEvent.submit(screen.getByTestId('user-form'));
    const shown = await screen.findByTestId('new-user-password');
    const post = calls.find((c) => c.method === 'POST');
    const body = post?.body as { username: string; password: string; role: string; orgIds: number[] };
    expect(body).toMatchObject({ username: 'ana@example.com', role: 'viewer', orgIds: [3] });
    expect(body.password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(shown.textContent).toBe(body.password);
    await waitFor(() => expect(screen.getAllByTestId('user-row').map((r) => r.dataset.username)).toEqual(['ana@example.com']));
    expect(screen.getByLabelText<HTMLInputElement>(/e-mail or user name/i).value).toBe('');
  });

  it('the API\'s error is shown on the field it names (aria-invalid, described by), a conflict on the name', async () => {
    users = [];
    start({
      'POST /users': (c) => ((c.body as { password: string }).password === 'short'
        ? { status: 400, body: { error: { code: 'GH_ERR_INVALID', message: 'body.password: Too small: expected string to have >=12 characters' } } }
        : { status: 409, body: { error: { code: 'GH_ERR_CONFLICT', message: 'user "ana" exists' } } }),
    });
    render(withQuery(<Users orgId={3} meId={1} />));
    await screen.findByTestId('empty-state');
    fireEvent.change(screen.getByLabelText(/e-mail or user name/i), { target: { value: 'ana' } });
    fireEvent.change(screen.getByLabelText(/initial password/i), { target: { value: 'short' } });
    fireEvent.submit(screen.getByTestId('user-form'));
    const pw = screen.getByLabelText(/initial password/i);
    await waitFor(() => expect(pw.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(pw.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/>=12 characters/);
    fireEvent.change(pw, { target: { value: 'a-long-enough-password' } });
    expect(pw.getAttribute('aria-invalid')).toBeNull(); // typing clears the stale error
    fireEvent.submit(screen.getByTestId('user-form'));
    const name = screen.getByLabelText(/e-mail or user name/i);
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('user "ana" exists')).toBeTruthy();
    expect(screen.queryByTestId('new-user-password')).toBeNull();
  });

  it('a row: role change, access withdrawn, disable, delete only after confirming; no controls on one\'s own row', async () => {
    users = [ADMIN, u(4, 'bea', 'viewer', [3, 8])];
    const calls = start({
      'PATCH /users/4': (c) => { users = users.map((x) => (x.id === 4 ? { ...x, ...(c.body as Partial<User>) } : x)); return { status: 200, body: users[1] }; },
      'DELETE /users/4': () => { users = users.filter((x) => x.id !== 4); return { status: 204, body: null }; },
    });
    render(withQuery(<Users orgId={3} meId={1} />));
    const rows = await screen.findAllByTestId('user-row');
    expect(within(rows[0]!).queryAllByRole('button')).toHaveLength(0);
    expect(within(rows[0]!).queryByRole('combobox')).toBeNull();
    fireEvent.change(screen.getByLabelText('Role for bea'), { target: { value: 'analyst' } });
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Role for bea').value).toBe('analyst'));
    fireEvent.click(screen.getByLabelText('Disable for bea'));
    await screen.findByLabelText('Enable for bea');
    fireEvent.click(screen.getByLabelText('Access to this organisation for bea'));
    // no longer a member of 3: filtered out of "this organisation", back with "every user"
    await waitFor(() => expect(screen.queryByText('bea')).toBeNull());
    fireEvent.click(screen.getByLabelText(/every user/i));
    fireEvent.click(await screen.findByLabelText('Delete for bea'));
    expect(document.activeElement?.textContent).toBe('Cancel'); // the safe choice has the focus
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Delete for bea'));
    fireEvent.click(screen.getByLabelText('Delete for bea'));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByLabelText('Confirm delete for bea'));
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(1));
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ role: 'analyst' }, { disabled: true }, { orgIds: [8] }]);
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/users/4']);
  });

  it('a failed list shows the error box with a retry', async () => {
    start({ 'GET /users': () => ({ status: 403, body: { error: { code: 'GH_ERR_FORBIDDEN', message: 'admins only' } } }) });
    render(withQuery(<Users orgId={3} meId={1} />));
    expect((await screen.findByTestId('error-box')).textContent).toContain('GH_ERR_FORBIDDEN');
  });
});
