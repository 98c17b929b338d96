/**
 * @module server/resources/runs-live — starting a scan (scope checked first: a target outside the organisation's
 * scope is refused, by name, before anything is launched; then the authorisation) and following a run with
 * server-sent events. Events come from the store itself (the run row and its scan's host counters, polled), so a
 * run started by the scheduler, another server process, or before a restart is followed the same way.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as m from '../../monitor/index.js';
import { apiError } from '../errors.js';
import { OrgParam, audit, idParam, who } from './common.js';
import { StartScan, type PlatformDeps } from './deps.js';
import { RunZ, publicRun } from './scans.js';

export type { RunLauncher, StartScanRequest } from './deps.js';

const POLL_MS = 500;

/** One progress snapshot of a run: its status and how many hosts its scan has stored. */
async function snapshot(deps: PlatformDeps, p: m.Principal, orgId: number, runId: number): Promise<{ run: m.Run; hostsUp: number; hostsDown: number }> {
  const run = await m.getRun(deps.monitor, p, orgId, runId);
  if (run.scanId === null) { return { run, hostsUp: 0, hostsDown: 0 }; }
  const s = await deps.monitor.db.selectFrom('scans').select(['hosts_up', 'hosts_down']).where('id', '=', run.scanId).executeTakeFirst();
  return { run, hostsUp: Number(s?.hosts_up ?? 0), hostsDown: Number(s?.hosts_down ?? 0) };
}

export async function runLiveRoutes(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = deps.monitor;

  r.post('/organizations/:orgId/scans', {
    config: { access: 'write' },
    schema: { tags: ['scans'], summary: "Start an active scan; every target must lie inside the organisation's scope (403 GH_ERR_OUT_OF_SCOPE names the first outside)", params: OrgParam, body: StartScan, response: { 202: RunZ } },
  }, async (req, reply) => {
    const p = who(req);
    const { orgId } = req.params;
    m.assertWrite(p, orgId);
    const scope = await m.scopeOf(ctx, p, orgId);
    try {
      m.assertInScope(orgId, scope, req.body.targets);
    } catch (err) {
      await audit(deps, req, 'scan.refused', `organization:${orgId}`, orgId, { targets: req.body.targets, reason: (err as Error).message });
      throw err;
    }
    await m.requireAuthorisation(ctx, p, orgId);
    if (deps.launcher === null) { throw apiError('GH_ERR_INTERNAL', 'no run executor configured'); }
    const run = await deps.launcher.start(p, orgId, req.body);
    await audit(deps, req, 'scan.start', `run:${run.id}`, orgId, { targets: req.body.targets, ports: req.body.ports });
    return reply.status(202).header('location', `/api/v1/organizations/${orgId}/scans/${run.id}`).send(publicRun(run));
  });

  r.get('/organizations/:orgId/scans/:runId/events', {
    schema: { tags: ['scans'], summary: 'Follow a run: server-sent events `progress` {status, hostsUp, hostsDown, score, letter} on every change, `port` and `host` as found (runs this server executes), then `end` with the run', params: idParam('runId'), produces: ['text/event-stream'] },
  }, async (req, reply) => {
    const p = who(req);
    const { orgId, runId } = req.params;
    let last = await snapshot(deps, p, orgId, runId); // 404 before any header is sent
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    let seq = 0;
    const send = (event: string, data: unknown): void => { res.write(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`); };
    const progress = (s: typeof last) => ({ status: s.run.status, hostsUp: s.hostsUp, hostsDown: s.hostsDown, score: s.run.score, letter: s.run.letter });
    send('progress', progress(last));
    let closed = false;
    req.raw.on('close', () => { closed = true; });
    // A run this process executes also streams each port and host as the scan finds it.
    const live = deps.liveEvents(runId);
    const unsubscribe = live === null ? () => undefined : live.subscribe((e) => {
      if (!closed && (e.type === 'port' || e.type === 'host')) { send(e.type, e); }
    });
    const open = (): boolean => !closed && app.server.listening;
    while (open() && last.run.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!open()) { break; }
      let next: typeof last;
      try { next = await snapshot(deps, p, orgId, runId); } catch (err) {
        req.log.error({ err }, 'run events: snapshot failed');
        send('error', { code: 'GH_ERR_INTERNAL', message: 'the run could not be read' });
        break;
      }
      if (JSON.stringify(progress(next)) !== JSON.stringify(progress(last))) { send('progress', progress(next)); }
      last = next;
    }
    unsubscribe();
    if (!closed) {
      if (last.run.status !== 'running') { send('end', publicRun(last.run)); }
      res.end();
    }
  });
}
