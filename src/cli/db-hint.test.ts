import { describe, expect, it } from 'vitest';
import { dbArgument, shellWord } from './db-hint.js';
import { redactDb } from '../store/open-checked.js';

describe('db hint', () => {
  const cases: { db: string | undefined; want: string }[] = [
    { db: undefined, want: '' },
    { db: '/tmp/ci.db', want: ' --db /tmp/ci.db' },
    { db: '/tmp/my scans.db', want: ` --db '/tmp/my scans.db'` },
    { db: "/tmp/it's.db", want: ` --db '/tmp/it'\\''s.db'` },
    { db: 'postgres://gh:s3cret@127.0.0.1:5432/gh', want: " --db 'postgres://gh:***@127.0.0.1:5432/gh'" },
    { db: '/tmp/\x1b]0;x\x07.db', want: " --db '/tmp/\\x1b]0;x\\x07.db'" },
  ];
  for (const c of cases) { it(String(c.db), () => { expect(dbArgument(c.db)).toBe(c.want); }); }

  it('redacts only a URL password', () => {
    expect(redactDb('postgresql://u@h/db')).toBe('postgresql://u@h/db');
    expect(redactDb('/data/pass:word@x.db')).toBe('/data/pass:word@x.db');
    expect(shellWord('a$b')).toBe(`'a$b'`);
  });
});
