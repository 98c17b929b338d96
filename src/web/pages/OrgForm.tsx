/**
 * @module web/pages/OrgForm — the organisation's own settings (PATCH /organizations/:orgId): name, relationship,
 * criticality and tags. Only changed fields are sent; the API's error is shown on the field it names. Read-only
 * principals see the values without the form.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Organization } from '../api';
import { ErrorBox, Loading, Section } from '../components/common';
import { FieldError, FormErrorLine, fieldProps, formError } from '../components/form';

export const RELATIONSHIPS = ['own', 'vendor', 'third-party', 'subsidiary'] as const;
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
type Relationship = (typeof RELATIONSHIPS)[number];
type Criticality = (typeof CRITICALITIES)[number];

export interface OrgFields { name: string; relationship: Relationship; criticality: Criticality; tags: string }
export interface OrgPatch { name?: string; relationship?: Relationship; criticality?: Criticality; tags?: string[] }

/** "a, b;c  a" → ['a', 'b', 'c'] (comma, semicolon or space separated; trimmed; duplicates once, first order kept). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((t) => t !== ''))];
}

export function fieldsOf(o: Organization): OrgFields {
  return { name: o.name, relationship: o.relationship, criticality: o.criticality, tags: o.tags.join(', ') };
}

/** Only what changed against the stored organisation (an empty object: nothing to save). */
export function orgPatch(o: Organization, f: OrgFields): OrgPatch {
  const out: OrgPatch = {};
  const name = f.name.trim();
  if (name !== o.name) { out.name = name; }
  if (f.relationship !== o.relationship) { out.relationship = f.relationship; }
  if (f.criticality !== o.criticality) { out.criticality = f.criticality; }
  const tags = parseTags(f.tags);
  if (tags.length !== o.tags.length || tags.some((t, i) => t !== o.tags[i])) { out.tags = tags; }
  return out;
}

const FIELDS = ['name', 'relationship', 'criticality', 'tags'] as const;

export function OrgSettings({ orgId, writable }: { orgId: number; writable: boolean }) {
  const q = useQuery({ queryKey: ['org', orgId], queryFn: () => api.get('/organizations/{orgId}', { path: { orgId } }) });
  return (
    <Section title="Organisation" id="org-h">
      {q.isPending ? <Loading what="the organisation" /> : q.isError ? <ErrorBox error={q.error} retry={() => void q.refetch()} /> : writable ? <OrgForm org={q.data} /> : (
        <dl className="kv" data-testid="org-readonly">
          <dt>Name</dt><dd>{q.data.name}</dd><dt>Relationship</dt><dd>{q.data.relationship}</dd>
          <dt>Criticality</dt><dd>{q.data.criticality}</dd><dt>Tags</dt><dd>{q.data.tags.length > 0 ? q.data.tags.join(', ') : <span className="muted">none</span>}</dd>
        </dl>
      )}
    </Section>
  );
}

export function OrgForm({ org }: { org: Organization }) {
  const qc = useQueryClient();
  const [f, setF] = useState<OrgFields>(() => fieldsOf(org));
  const [nothing, setNothing] = useState(false);
  useEffect(() => { setF(fieldsOf(org)); }, [org]);
  const save = useMutation({
    mutationFn: (body: OrgPatch) => api.patch('/organizations/{orgId}', { path: { orgId: org.id }, body }),
    onSuccess: async (o) => {
      qc.setQueryData(['org', org.id], o);
      await Promise.all([qc.invalidateQueries({ queryKey: ['portfolio'] }), qc.invalidateQueries({ queryKey: ['summary', org.id] })]);
    },
  });
  const err = formError(save.error, FIELDS, { GH_ERR_CONFLICT: 'name' });
  const set = <K extends keyof OrgFields>(k: K) => (v: OrgFields[K]): void => { setNothing(false); save.reset(); setF((old) => ({ ...old, [k]: v })); };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const patch = orgPatch(org, f);
    if (Object.keys(patch).length === 0) { setNothing(true); return; }
    save.mutate(patch);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Organisation settings" aria-busy={save.isPending} data-testid="org-form" noValidate>
      <div><label htmlFor="org-name">Name</label><input id="org-name" required maxLength={200} value={f.name} onChange={(e) => set('name')(e.target.value)} {...fieldProps(err, 'name', 'org-name')} /><FieldError err={err} field="name" id="org-name" /></div>
      <div><label htmlFor="org-rel">Relationship</label>
        <select id="org-rel" value={f.relationship} onChange={(e) => set('relationship')(e.target.value as Relationship)} {...fieldProps(err, 'relationship', 'org-rel')}>{RELATIONSHIPS.map((r) => <option key={r} value={r}>{r}</option>)}</select>
        <FieldError err={err} field="relationship" id="org-rel" /></div>
      <div><label htmlFor="org-crit">Criticality</label>
        <select id="org-crit" value={f.criticality} onChange={(e) => set('criticality')(e.target.value as Criticality)} {...fieldProps(err, 'criticality', 'org-crit')}>{CRITICALITIES.map((c) => <option key={c} value={c}>{c}</option>)}</select>
        <FieldError err={err} field="criticality" id="org-crit" /></div>
      <div><label htmlFor="org-tags">Tags (comma separated)</label><input id="org-tags" value={f.tags} onChange={(e) => set('tags')(e.target.value)} placeholder="pci, eu" {...fieldProps(err, 'tags', 'org-tags')} /><FieldError err={err} field="tags" id="org-tags" /></div>
      <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>
      {save.isSuccess && <p role="status" className="muted" data-testid="org-saved">Saved.</p>}
      {nothing && <p role="status" className="muted">Nothing changed.</p>}
      <FormErrorLine err={err} testId="org-form-error" />
    </form>
  );
}
