/**
 * @module checks/rsync — `rsync-module-listing` (port 873, rsync daemon protocol: rsyncd.conf(5)). Sends the
 * greeting `@RSYNCD: <version>` and an empty module name, which asks the daemon for its list of modules; module
 * lines before `@RSYNCD: EXIT` prove the daemon tells anyone what it shares. No module is opened.
 */
import type { Check } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { firstLine, lineOpts, withConn } from './session.js';
import { REF, sansPort } from './refs.js';

export interface RsyncModule { readonly name: string; readonly comment: string }

/** Modules listed before `@RSYNCD: EXIT` (and whether the listing ended properly). */
export function parseModuleList(text: string): { modules: RsyncModule[]; complete: boolean; error: string | null } {
  const modules: RsyncModule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '@RSYNCD: EXIT') { return { modules, complete: true, error: null }; }
    if (line.startsWith('@ERROR')) { return { modules, complete: true, error: line }; }
    if (line === '' || line.startsWith('@RSYNCD:')) { continue; }
    const tab = line.indexOf('\t');
    const name = (tab >= 0 ? line.slice(0, tab) : line).trim();
    if (name) { modules.push({ name, comment: tab >= 0 ? line.slice(tab + 1).trim() : '' }); }
  }
  return { modules, complete: false, error: null };
}

export const rsyncModuleListing: Check = {
  id: 'rsync-module-listing',
  title: 'rsync daemon lists its modules to anyone',
  severity: 'medium',
  services: ['rsync'],
  proves: 'The rsync daemon returned its module list to an unauthenticated client, naming what it shares.',
  probe: 'Send "@RSYNCD: 31.0" and an empty module name (the list request); read until @RSYNCD: EXIT.',
  remediation: 'Set `list = false` on every module, protect modules with `auth users` and `secrets file`, restrict `hosts allow`, or tunnel rsync over SSH instead of running the daemon.',
  references: [REF.rsyncdConf, REF.cwe200, sansPort(873)],
  async run(ctx) {
    return withConn(ctx, async (conn) => {
      const hello = await conn.exchange(null, lineOpts(ctx));
      if (!hello.data.toString('latin1').startsWith('@RSYNCD:')) { return notRun(`no @RSYNCD greeting (got "${firstLine(hello.data)}")`, conn.exchanges); }
      const list = await conn.exchange('@RSYNCD: 31.0\n\n', { until: (d) => /@RSYNCD: EXIT|@ERROR/.test(d.toString('latin1')), maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs });
      const { modules, error } = parseModuleList(list.data.toString('latin1'));
      if (modules.length > 0) {
        const names = modules.map((m) => m.name);
        return vulnerable(`The daemon listed ${modules.length} module(s): ${names.slice(0, 10).join(', ')}.`, conn.exchanges, { details: { modules: names.slice(0, 50) } });
      }
      return secure(error ? `No modules listed (${error}).` : 'The daemon listed no modules.', conn.exchanges);
    });
  },
};
