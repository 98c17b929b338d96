import { describe, expect, it } from 'vitest';
import { jsonDocumentChunks, scanDocument } from './json.js';
import type { HostResult, ScanMeta } from '../core/types.js';

describe('jsonDocumentChunks', () => {
  const meta: ScanMeta = { started: '2026-11-25T00:00:00.000Z', finished: '2026-11-25T00:00:01.000Z', targets: ['127.0.0.1'], ports: '1-3' };
  const host = (address: string): HostResult => ({
    address, hostnames: [], state: 'up', reason: 'conn-refused',
    ports: [{ port: 2, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'compressnet' } }],
    counts: { open: 1, closed: 2, filtered: 0, 'open|filtered': 0 },
  });
  for (const hosts of [[], [host('127.0.0.1')], [host('127.0.0.1'), host('127.0.0.2')]]) {
    it(`equals the whole document for ${hosts.length} host(s)`, () => {
      expect(JSON.parse([...jsonDocumentChunks(meta, hosts)].join(''))).toEqual(scanDocument(meta, hosts));
    });
  }
});
