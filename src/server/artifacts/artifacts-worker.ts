/**
 * @module server/artifacts/artifacts-worker — the worker thread that computes stored runs' grade, explanation and plan
 * (monitor/dashboard/run-artifacts) off the server's main thread: it opens the same database itself (`workerData.dbUrl`),
 * loads the run's scan document, computes, writes `run_artifacts`, and answers `{ id, ok }` or `{ id, ok: false,
 * code, message }`. One job at a time (the runner queues them).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openMonitor, type OpenedMonitor } from '../../monitor/context.js';
import { ScanDocuments, computeRunArtifacts } from '../../monitor/dashboard/run-artifacts.js';
import { isRecord } from '../../core/guards.js';
import { errorCode, errorMessage } from '../../errors/record.js';
import type { ArtifactReply, ArtifactRequest } from './runner.js';

const port = parentPort;
if (port === null || !isRecord(workerData) || typeof workerData.dbUrl !== 'string') { throw new Error('server/artifacts/artifacts-worker: run as a worker thread with workerData { dbUrl }'); }
const dbUrl = workerData.dbUrl;
let opened: Promise<OpenedMonitor> | null = null;
const docs = new ScanDocuments();

port.on('message', (req: ArtifactRequest) => { void handle(req); });

async function handle(req: ArtifactRequest): Promise<void> {
  let reply: ArtifactReply;
  try {
    opened ??= openMonitor(dbUrl, { poolSize: 1 });
    const m = await opened;
    const t0 = process.cpuUsage();
    const rows = await computeRunArtifacts(m, m.store, req.job, docs);
    if (!req.keep) { docs.clear(); } // a 10,000-host document weighs hundreds of MB: kept only for a job queued next
    const cpu = process.cpuUsage(t0);
    reply = { id: req.id, ok: true, rows, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  } catch (err) {
    docs.clear();
    reply = { id: req.id, ok: false, code: errorCode(err), message: errorMessage(err) };
  }
  port?.postMessage(reply);
}
