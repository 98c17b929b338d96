// A stand-in server process for the restart test: opens the Watch database (built code), starts one run, prints
// its id, and keeps running until it is killed. Usage: node watch-server.mjs DB ORG_ID TARGET PORT RATE
import { openMonitor } from '../../dist/monitor/context.js';
import { runContext, startRun } from '../../dist/monitor/executor.js';
import { SYSTEM_PRINCIPAL } from '../../dist/monitor/principal.js';

const [db, orgId, target, port, rate] = process.argv.slice(2);
const m = await openMonitor(db);
const ctx = runContext(m, { scanArgs: ['--timeout', '300'] });
const h = await startRun(ctx, SYSTEM_PRINCIPAL, Number(orgId), { targets: [target], ports: port, ratePps: Number(rate), serviceDetection: false });
process.stdout.write(`${JSON.stringify({ runId: h.run.id, scanId: h.scanId })}\n`);
process.stdin.resume(); // stay alive until killed
