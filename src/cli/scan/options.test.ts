/** @module cli/scan/options.test — option resolution: defaults, the config file's place, frozen output, usage errors by code. */
import { describe, expect, it } from 'vitest';
import { isGatehouseError } from '../../errors/index.js';
import { resolveScanOptions, scanThreads, type OptionContext, type RawScanOptions } from './options.js';

const RAW: RawScanOptions = { ping: true, progress: true, serviceDetection: true, checks: true, tls: true, store: true };
const CTX: OptionContext = { config: {}, stdoutTTY: false, stderrTTY: false, defaultDb: '/tmp/h.db', hasEnvDb: false, defaultConcurrency: 500, randomSeed: 7 };

function codeOf(f: () => unknown): string | undefined {
  try { f(); } catch (err) { return isGatehouseError(err) ? err.code : 'not a GatehouseError'; }
  return undefined;
}

describe('resolveScanOptions', () => {
  it('defaults: top 1000 TCP ports, plain output on a pipe, the history at the default path, a frozen config', () => {
    const c = resolveScanOptions(RAW, CTX);
    expect(c.ports.tcp).toHaveLength(1000);
    expect(c.ports.udp).toEqual([]);
    expect(c.mode).toBe('plain');
    expect(c.engine).toMatchObject({ concurrency: 500, ratePps: 0, retries: 1, seed: 7, hostGroupSize: 256, timeouts: { initialMs: 500, minMs: 100, maxMs: 1000 } });
    expect(c.history).toEqual({ path: '/tmp/h.db', explicit: false, appendTo: undefined });
    expect(c.serviceTimeoutMs).toBe(20_000);
    expect(c.threads).toBeUndefined();
    expect(Object.isFrozen(c) && Object.isFrozen(c.engine) && Object.isFrozen(c.stages) && Object.isFrozen(c.history)).toBe(true);
  });

  it('flags win over the config file, which wins over defaults', () => {
    const ctx = { ...CTX, config: { timeout: 300, rate: 50, retries: 3, maxConcurrency: 9, exclude: ['10.0.0.1'] } };
    expect(resolveScanOptions(RAW, ctx).engine).toMatchObject({ ratePps: 50, retries: 3, concurrency: 9, timeouts: { initialMs: 300, minMs: 100, maxMs: 300 } });
    const c = resolveScanOptions({ ...RAW, rate: '7', retries: '0', timeout: '2000', exclude: '10.0.0.2, 10.0.0.3' }, ctx);
    expect(c.engine).toMatchObject({ ratePps: 7, retries: 0, timeouts: { maxMs: 2000 } });
    expect(c.exclude).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(c.udp.retries).toBe(0);
  });

  it('output mode, stages, history and progress follow their flags and the terminal', () => {
    expect(resolveScanOptions({ ...RAW, json: true }, CTX).mode).toBe('json');
    expect(resolveScanOptions(RAW, { ...CTX, stdoutTTY: true }).mode).toBe('table');
    expect(resolveScanOptions({ ...RAW, serviceDetection: false }, CTX).stages).toEqual({ serviceDetection: false, tls: false, checks: false });
    expect(resolveScanOptions({ ...RAW, store: false }, CTX).history).toBeNull();
    expect(resolveScanOptions({ ...RAW, db: 'x.db' }, CTX).history?.explicit).toBe(true);
    expect(resolveScanOptions(RAW, { ...CTX, hasEnvDb: true }).history?.explicit).toBe(true);
    expect(resolveScanOptions(RAW, { ...CTX, stderrTTY: true }).progressBar).toBe(true);
    expect(resolveScanOptions({ ...RAW, quiet: true }, { ...CTX, stderrTTY: true }).progressBar).toBe(false);
    expect(resolveScanOptions({ ...RAW, udp: true }, CTX).ports.udp).toHaveLength(1000);
  });

  it.each<[string, Partial<RawScanOptions>, string]>([
    ['--json with --ndjson', { json: true, ndjson: true }, 'GH_ERR_OPTION'],
    ['-p with --top-ports', { ports: '80', topPorts: '10' }, 'GH_ERR_OPTION'],
    ['--udp-source-ip without UDP ports', { udpSourceIp: '127.0.0.1' }, 'GH_ERR_OPTION'],
    ['a bad --resolve', { resolve: 'web.lab' }, 'GH_ERR_OPTION'],
    ['--timeout 0', { timeout: '0' }, 'GH_ERR_OPTION'],
    ['--threads 65', { threads: '65' }, 'GH_ERR_OPTION'],
    ['--service-timeout 5', { serviceTimeout: '5' }, 'GH_ERR_OPTION'],
  ])('%s is a usage error', (_name, raw, code) => {
    expect(codeOf(() => resolveScanOptions({ ...RAW, ...raw }, CTX))).toBe(code);
  });

  it('threads: --threads, else one per core (at most 4) from 20,000 probes', () => {
    const c = resolveScanOptions(RAW, CTX);
    expect([scanThreads(c, 19_999, 8), scanThreads(c, 20_000, 8), scanThreads(c, 20_000, 2)]).toEqual([1, 4, 2]);
    expect(scanThreads(resolveScanOptions({ ...RAW, threads: '3' }, CTX), 1, 8)).toBe(3);
  });
});
