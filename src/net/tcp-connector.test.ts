import { describe, expect, it } from 'vitest';
import { classifyErrno, Outcome } from './tcp-connector.js';
import { decide } from '../engine/tcp-scan.js';

describe('connect outcome classification', () => {
  const table: { errno: string; want: Outcome }[] = [
    { errno: 'ECONNREFUSED', want: Outcome.Refused },
    { errno: 'ECONNRESET', want: Outcome.Open },
    { errno: 'EHOSTUNREACH', want: Outcome.HostUnreach },
    { errno: 'ENETUNREACH', want: Outcome.NetUnreach },
    { errno: 'EMFILE', want: Outcome.Resource },
    { errno: 'EADDRNOTAVAIL', want: Outcome.Resource },
    { errno: 'EPERM', want: Outcome.Error },
  ];
  for (const { errno, want } of table) {
    it(`${errno} → ${Outcome[want]}`, () => expect(classifyErrno(errno)).toBe(want));
  }

  it('maps outcomes to states and reasons', () => {
    expect(decide(Outcome.Open, '')).toEqual(['open', 'syn-ack']);
    expect(decide(Outcome.Refused, 'ECONNREFUSED')).toEqual(['closed', 'conn-refused']);
    expect(decide(Outcome.SelfConnect, '')).toEqual(['closed', 'self-connect']);
    expect(decide(Outcome.HostUnreach, 'EHOSTUNREACH')).toEqual(['filtered', 'host-unreach']);
    expect(decide(Outcome.Error, 'EPERM')).toEqual(['filtered', 'admin-prohibited']);
    expect(decide(Outcome.Error, 'EINVAL')).toEqual(['unknown', 'error']);
  });
});
