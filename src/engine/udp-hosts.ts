/**
 * @module engine/udp-hosts — the host source for UDP-only scans with -Pn: no TCP ports and no discovery, so every
 * target is reported up ('user-set') at once; the UDP scanner then fills in its ports. Implements `Scanner`.
 */
import type { HostResult, Target } from '../core/types.js';
import type { ScanEvents, ScanProgress, Scanner } from './types.js';

export class UdpOnlyHosts implements Scanner {
  private aborted = false;
  private done = 0;
  constructor(private readonly targets: Iterable<Target>, private readonly events: ScanEvents) {}

  async run(): Promise<void> {
    for (const t of this.targets) {
      if (this.aborted) { break; }
      const h: HostResult = { address: t.address, hostnames: [...t.hostnames], state: 'up', reason: 'user-set', ports: [], counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 } };
      this.events.onHost(h, false);
      this.done++;
      if (this.done % 256 === 0) { await new Promise<void>((resolve) => setImmediate(resolve)); }
    }
  }

  abort(): void { this.aborted = true; }

  progress(): ScanProgress {
    return { probesSent: 0, probesDone: 0, probesTotal: 0, inFlight: 0, hostsDone: this.done };
  }
}
