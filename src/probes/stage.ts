/**
 * @module probes/stage — the identification `PortStage` (first in src/pipeline/stages.ts): for every open TCP
 * port, run `identifyPort` and replace the table-derived service with the probed one; the fact bag goes to
 * `port.serviceFacts` for the checks stage, rule failures to `port.checksNotRun` (reason 'error'). Identification keeps to a share of the port's budget so TLS analysis
 * and checks still get time.
 */
import type { HostResult, PortResult } from '../core/types.js';
import type { PortStage } from '../core/stage.js';
import { identifyPort } from './identify.js';
import type { IdentifyOptions } from './types.js';

/** Identification stops after this long even if the port budget is larger. */
const IDENTIFY_BUDGET_MS = 12_000;

/** Probes at once for a catch-all's representative: the listener behind it has just accepted every port's connection. */
const CATCH_ALL_PARALLEL = 32;

/**
 * How a port is interrogated. A catch-all host's representative (port.catchAll) stands for one listener whose
 * behaviour the catch-all sample already proved: every probe goes out at once, and when that listener stayed
 * dataless after a request (silent, closed or reset), no banner comes and the banner wait is the short one. That
 * takes the representative from ≈ 7.5 s (1.5 s banner wait, then the probes 4 at a time) to ≈ 1.5 s.
 */
export function identifyOptionsFor(port: PortResult, host: HostResult): Pick<IdentifyOptions, 'bannerWaitMs' | 'parallel'> {
  const fact = port.catchAll === true ? host.catchAll : undefined;
  if (fact === undefined) { return {}; }
  return fact.behaviour.startsWith('data:') ? { parallel: CATCH_ALL_PARALLEL } : { parallel: CATCH_ALL_PARALLEL, bannerWaitMs: 300 };
}

export function identificationStage(budgetMs = IDENTIFY_BUDGET_MS): PortStage {
  return {
    name: 'identify',
    applies: (port) => port.state === 'open' && port.protocol === 'tcp',
    async run(port, host, ctx) {
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(budgetMs)]);
      const id = await identifyPort(host.address, port.port, { signal, ...identifyOptionsFor(port, host), ...(ctx.hostname !== undefined ? { hostname: ctx.hostname } : {}) });
      port.service = id.service;
      port.serviceFacts = id.facts;
      // a rule that failed with an error of ours is recorded, never mistaken for "nothing answered"
      if (id.errors !== undefined) { (port.checksNotRun ??= []).push(...id.errors); }
    },
  };
}
