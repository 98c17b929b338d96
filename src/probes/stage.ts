/**
 * @module probes/stage — the identification `PortStage` (first in src/pipeline/stages.ts): for every open TCP
 * port, run `identifyPort` and replace the table-derived service with the probed one; the fact bag goes to
 * `port.serviceFacts` for the checks stage, rule failures to `port.checksNotRun` (reason 'error'). Identification keeps to a share of the port's budget so TLS analysis
 * and checks still get time.
 */
import type { PortStage } from '../core/stage.js';
import { identifyPort } from './identify.js';

/** Identification stops after this long even if the port budget is larger. */
const IDENTIFY_BUDGET_MS = 12_000;

export function identificationStage(budgetMs = IDENTIFY_BUDGET_MS): PortStage {
  return {
    name: 'identify',
    applies: (port) => port.state === 'open' && port.protocol === 'tcp',
    async run(port, host, ctx) {
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(budgetMs)]);
      const id = await identifyPort(host.address, port.port, { signal, ...(ctx.hostname !== undefined ? { hostname: ctx.hostname } : {}) });
      port.service = id.service;
      port.serviceFacts = id.facts;
      // a rule that failed with an error of ours is recorded, never mistaken for "nothing answered"
      if (id.errors !== undefined) { (port.checksNotRun ??= []).push(...id.errors); }
    },
  };
}
