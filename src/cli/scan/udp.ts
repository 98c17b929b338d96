/** @module cli/scan/udp — the UDP side of a scan (engine, interrogation, checks), loaded only when UDP ports are asked for. */
import type { TcpScanOptions } from '../../engine/tcp-scan.js';
import type { SourceAddresses } from '../../net/source-addresses.js';
import type { ScanConfig } from './options.js';

export async function udpScanner(config: ScanConfig, tcp: TcpScanOptions, sources: SourceAddresses | undefined) {
  const { UdpHostScanner } = await import('../../pipeline/udp-host-scan.js');
  const { DEFAULT_EXCHANGE } = await import('../../net/udp-exchange.js');
  return new UdpHostScanner({
    ports: config.ports.udp, concurrency: Math.max(16, Math.floor(tcp.concurrency / 2)), perHostInFlight: 256, ratePps: tcp.ratePps,
    retries: config.udp.retries, timeouts: tcp.timeouts, quietTries: 2, sources,
  }, {
    interrogate: config.stages.serviceDetection, checks: config.stages.checks, sources, keepClosed: tcp.allStates,
    exchange: DEFAULT_EXCHANGE, ctx: { dnsRecursionName: config.udp.dnsRecursionName },
  });
}

/** --udp-source-ip: parsed and proven bindable before any packet is sent. */
export async function udpSourceAddresses(text: string): Promise<SourceAddresses> {
  const { parseSourceAddresses, verifySourceAddresses } = await import('../../net/source-addresses.js');
  const src = parseSourceAddresses(text);
  await verifySourceAddresses(src);
  return src;
}
