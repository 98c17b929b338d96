/** @module web/components/scan-events.test — folding the live scan's server-sent events into what the page shows. */
import { describe, expect, it } from 'vitest';
import { INITIAL, foldEvent } from './scan-events';

describe('foldEvent', () => {
  it('progress, ports, hosts, then end', () => {
    let s = foldEvent(INITIAL, 'progress', { status: 'running', hostsUp: 1, hostsDown: 0, score: null, letter: null });
    s = foldEvent(s, 'port', { host: '127.0.0.1', port: 22, protocol: 'tcp', state: 'open', service: 'ssh' });
    s = foldEvent(s, 'port', { host: '127.0.0.1', port: 23, protocol: 'tcp', state: 'closed', service: '' });
    s = foldEvent(s, 'host', { host: '127.0.0.1', hostsDone: 1 });
    s = foldEvent(s, 'progress', { status: 'running', hostsUp: 2, hostsDown: 1, score: 71.5, letter: 'C' });
    expect(s).toMatchObject({ status: 'running', hostsUp: 2, hostsDown: 1, score: 71.5, letter: 'C', hostsDone: 1, ended: false });
    expect(s.ports).toEqual([{ host: '127.0.0.1', port: 22, protocol: 'tcp', service: 'ssh' }]);
    s = foldEvent(s, 'end', { id: 9, status: 'finished', score: 70, letter: 'C' });
    expect(s).toMatchObject({ ended: true, status: 'finished', score: 70 });
  });

  it('a failed run carries its error to the page', () => {
    expect(foldEvent(INITIAL, 'end', { status: 'failed', error: 'the scan process exited with 1', score: null, letter: null })).toMatchObject({ ended: true, status: 'failed', error: 'The scan failed: the scan process exited with 1' });
  });

  it('an error event ends the stream with its message; junk changes nothing', () => {
    expect(foldEvent(INITIAL, 'error', { code: 'GH_ERR_INTERNAL', message: 'the run could not be read' })).toMatchObject({ ended: true, error: 'the run could not be read' });
    expect(foldEvent(INITIAL, 'mystery', { x: 1 })).toBe(INITIAL);
    expect(foldEvent(INITIAL, 'progress', 'not an object')).toEqual(INITIAL);
  });
});
