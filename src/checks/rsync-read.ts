/**
 * @module checks/rsync-read — `rsync-anonymous-read` (port 873; protocols/rsync). For each module the daemon lists
 * (at most 8), a fresh connection selects it without credentials: `@RSYNCD: AUTHREQD` (auth users) or `@ERROR`
 * means it is protected; `@RSYNCD: OK` is followed by the arguments of a non-recursive listing of its top directory
 * and an empty filter list, and the file list the daemon sends back proves anyone can read it. Nothing is
 * downloaded: the connection is closed once the file list has arrived.
 */
import type { Exchange } from '../core/types.js';
import type { Check, CheckContext } from './types.js';
import { notRun, secure, vulnerable } from './types.js';
import { lineOpts, withConn } from './session.js';
import { REF, sansPort } from './refs.js';
import { parseModuleList } from './rsync.js';
import { demux, EMPTY_FILTER_LIST, greeting, listArgs, moduleAnswerComplete, parseFileList, parseModuleAnswer, type FileEntry } from '../protocols/rsync.js';

const MAX_MODULES = 8;

type ModuleResult = { module: string; readable: true; files: FileEntry[] } | { module: string; readable: false; why: string } | { module: string; undecided: string };

async function listModules(ctx: CheckContext, trail: Exchange[]): Promise<string[] | null> {
  const o = await withConn(ctx, async (conn) => {
    try {
      const hello = await conn.exchange(null, lineOpts(ctx));
      if (!hello.data.toString('latin1').startsWith('@RSYNCD:')) { return notRun('no @RSYNCD greeting'); }
      const list = await conn.exchange(`${greeting()}\n`, { until: (d) => /@RSYNCD: EXIT|@ERROR/.test(d.toString('latin1')), maxBytes: 65_536, timeoutMs: ctx.readTimeoutMs });
      const { modules } = parseModuleList(list.data.toString('latin1'));
      return secure(modules.map((m) => m.name).slice(0, MAX_MODULES).join('\n'), []);
    } finally { trail.push(...conn.exchanges); }
  });
  return o.status === 'secure' ? o.evidence.split('\n').filter((s) => s !== '') : null;
}

async function tryModule(ctx: CheckContext, module: string, trail: Exchange[]): Promise<ModuleResult> {
  let result: ModuleResult = { module, undecided: 'no answer' };
  await withConn(ctx, async (conn) => {
    try {
      await conn.exchange(null, lineOpts(ctx));
      const a = await conn.exchange(`${greeting()}${module}\n`, { until: moduleAnswerComplete, maxBytes: 8192, timeoutMs: ctx.readTimeoutMs });
      const answer = parseModuleAnswer(a.data.toString('latin1'));
      if (answer === null) { result = { module, undecided: 'no answer to the module name' }; return notRun(''); }
      if (answer.kind === 'auth') { result = { module, readable: false, why: 'asks for a password (@RSYNCD: AUTHREQD)' }; return notRun(''); }
      if (answer.kind === 'error') { result = { module, readable: false, why: answer.message }; return notRun(''); }
      const r = await conn.exchange(Buffer.concat([Buffer.from(listArgs(module), 'latin1'), EMPTY_FILTER_LIST]), { until: (d) => parseFileList(demux(d).data).ended, maxBytes: 131_072, timeoutMs: ctx.readTimeoutMs });
      const dm = demux(r.data);
      const list = parseFileList(dm.data);
      if (list.entries.length > 0) { result = { module, readable: true, files: list.entries }; } else if (dm.messages.length > 0) { result = { module, readable: false, why: dm.messages[0] ?? '' }; } else { result = { module, undecided: 'no file list' }; }
      return notRun('');
    } finally { trail.push(...conn.exchanges); }
  });
  return result;
}

export const rsyncAnonymousRead: Check = {
  id: 'rsync-anonymous-read',
  title: 'rsync module readable without authentication',
  severity: 'high',
  services: ['rsync'],
  proves: 'A module of the rsync daemon accepted a client without credentials (@RSYNCD: OK) and sent the list of its files: anyone who reaches the port can download them.',
  probe: 'Module list (empty module name); then per listed module (at most 8): "@RSYNCD: 29.0", the module name, and when accepted the arguments of a non-recursive listing (--server --sender -d . MODULE/) and an empty filter list; the file list is read and the connection closed (nothing is downloaded).',
  remediation: 'Protect every module with `auth users` and a `secrets file`, restrict `hosts allow`, keep public mirrors free of anything private, or serve files over SSH instead of the daemon.',
  references: [REF.rsyncdConf, REF.cwe284, sansPort(873)],
  async run(ctx) {
    const trail: Exchange[] = [];
    const modules = await listModules(ctx, trail);
    if (modules === null) { return notRun('the module list could not be read', trail); }
    if (modules.length === 0) { return notRun('the daemon lists no module (an unlisted module cannot be tested without guessing its name)', trail); }
    const results: ModuleResult[] = [];
    for (const m of modules.slice(0, MAX_MODULES)) { results.push(await tryModule(ctx, m, trail)); }
    const open = results.filter((r): r is Extract<ModuleResult, { readable: true }> => 'readable' in r && r.readable);
    if (open.length > 0) {
      const what = open.map((r) => `${r.module} (${r.files.filter((f) => f.name !== '.').slice(0, 5).map((f) => f.name).join(', ') || 'empty'})`).join('; ');
      return vulnerable(`Without credentials the daemon sent the file list of ${open.length} module(s): ${what}.`, trail.slice(-16),
        { details: { modules: open.map((r) => r.module), files: open.flatMap((r) => r.files.slice(0, 20).map((f) => `${r.module}/${f.name}`)).slice(0, 64) } });
    }
    const undecided = results.find((r) => 'undecided' in r);
    if (undecided !== undefined && 'undecided' in undecided) { return notRun(`module ${undecided.module}: ${undecided.undecided}`, trail); }
    return secure(`Every listed module refused an anonymous client: ${results.map((r) => `${r.module} ${'why' in r ? r.why : ''}`).join('; ')}.`, trail.slice(-16));
  },
};
