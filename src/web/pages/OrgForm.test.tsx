/** @module web/pages/OrgForm.test — the organisation form: only changes sent, tags parsed, progress, errors inline, read-only view. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Organization } from '../api';
import { OrgSettings, fieldsOf, orgPatch, parseTags } from './OrgForm';
import { fakeApi, withQuery } from '../test-fake-api';

afterEach(cleanup);
const ORG: Organization = { id: 3, name: 'Acme', relationship: 'vendor', criticality: 'medium', parentId: null, tags: ['eu', 'pci'], createdAt: '2026-12-01T00:00:00Z' };

describe('orgPatch / parseTags', () => {
  it('tags: split on commas, semicolons and spaces, trimmed, each once', () => {
    expect(parseTags(' eu, pci;;eu  iso27001 ,')).toEqual(['eu', 'pci', 'iso27001']);
    expect(parseTags('  ')).toEqual([]);
  });
  it('only what changed; unchanged (even re-spaced) is an empty patch', () => {
    expect(orgPatch(ORG, fieldsOf(ORG))).toEqual({});
    expect(orgPatch(ORG, { ...fieldsOf(ORG), tags: 'eu,pci ', name: ' Acme ' })).toEqual({});
    expect(orgPatch(ORG, { ...fieldsOf(ORG), criticality: 'critical' })).toEqual({ criticality: 'critical' });
    expect(orgPatch(ORG, { name: 'Acme Ltd', relationship: 'own', criticality: 'medium', tags: 'pci, eu' })).toEqual({ name: 'Acme Ltd', relationship: 'own', tags: ['pci', 'eu'] });
    expect(orgPatch(ORG, { ...fieldsOf(ORG), tags: '' })).toEqual({ tags: [] });
  });
});

describe('<OrgSettings>', () => {
  let restore = (): void => undefined;
  afterEach(() => restore());

  it('saves the changed criticality only, shows progress then "Saved"; nothing changed says so without a request', async () => {
    let org = ORG;
    let release = (): void => undefined;
    const f = fakeApi({
      'GET /organizations/3': () => ({ status: 200, body: org }),
      'PATCH /organizations/3': async (c) => {
        await new Promise<void>((r) => { release = r; });
        org = { ...org, ...(c.body as Partial<Organization>) };
        return { status: 200, body: org };
      },
    });
    restore = f.restore;
    render(withQuery(<OrgSettings orgId={3} writable />));
    const crit = await screen.findByLabelText(/criticality/i);
    fireEvent.submit(screen.getByTestId('org-form'));
    expect(screen.getByText(/nothing changed/i)).toBeTruthy();
    expect(f.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    fireEvent.change(crit, { target: { value: 'critical' } });
    fireEvent.submit(screen.getByTestId('org-form'));
    const button = await screen.findByRole('button', { name: /saving/i });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('org-form').getAttribute('aria-busy')).toBe('true');
    release();
    await screen.findByTestId('org-saved');
    expect(f.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ criticality: 'critical' }]);
    expect(screen.getByLabelText<HTMLSelectElement>(/criticality/i).value).toBe('critical');
  });

  it('a refused name is shown under the name field; an error naming no field under the form', async () => {
    let n = 0;
    const f = fakeApi({
      'GET /organizations/3': () => ({ status: 200, body: ORG }),
      'PATCH /organizations/3': () => (++n === 1
        ? { status: 409, body: { error: { code: 'GH_ERR_CONFLICT', message: 'organisation "Beta" exists' } } }
        : { status: 403, body: { error: { code: 'GH_ERR_FORBIDDEN', message: 'read-only principal' } } }),
    });
    restore = f.restore;
    render(withQuery(<OrgSettings orgId={3} writable />));
    const name = await screen.findByLabelText(/^name/i);
    fireEvent.change(name, { target: { value: 'Beta' } });
    fireEvent.submit(screen.getByTestId('org-form'));
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('org-name-err')?.textContent).toBe('organisation "Beta" exists');
    fireEvent.change(name, { target: { value: 'Gamma' } });
    fireEvent.submit(screen.getByTestId('org-form'));
    expect((await screen.findByTestId('org-form-error')).textContent).toContain('GH_ERR_FORBIDDEN');
    expect(name.getAttribute('aria-invalid')).toBeNull();
  });

  it('read-only: the values, no form', async () => {
    const f = fakeApi({ 'GET /organizations/3': () => ({ status: 200, body: ORG }) });
    restore = f.restore;
    render(withQuery(<OrgSettings orgId={3} writable={false} />));
    expect((await screen.findByTestId('org-readonly')).textContent).toContain('eu, pci');
    expect(screen.queryByTestId('org-form')).toBeNull();
  });
});
