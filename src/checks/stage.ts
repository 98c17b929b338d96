/**
 * @module checks/stage — the `checks` port stage (after identification and TLS): runs the applicable checks
 * through the real dialer with the port's abort signal. Registered lazily in src/pipeline/stages.ts.
 */
import type { PortStage } from '../core/stage.js';
import { tcpDialer } from '../net/dialer.js';
import { applicableChecks, runChecks } from './index.js';

export function checksStage(): PortStage {
  return {
    name: 'checks',
    applies: (port) => applicableChecks(port).length > 0,
    async run(port, host, ctx) {
      await runChecks(port, host, { dialer: tcpDialer, signal: ctx.signal, hostname: ctx.hostname, readTimeoutMs: 3000 });
    },
  };
}
