/**
 * @module checks/facts — read what identification (src/probes) stashed on a port: the service name and the
 * fact bag `serviceFacts` (keys documented in src/probes/types.ts). Checks use facts only to decide whether they
 * apply; what they report they prove with their own exchange.
 */
import type { PortResult } from '../core/types.js';

export function fact(port: PortResult, key: string): string | number | boolean | string[] | undefined {
  return port.serviceFacts?.[key];
}

/** The HTTP API identification recognised behind this port ('elasticsearch', 'docker', …), if any. */
export function httpApi(port: PortResult): string | undefined {
  const v = fact(port, 'http.api');
  return typeof v === 'string' ? v : undefined;
}

/** The port's service is `name`, or an HTTP service whose API was recognised as `name`, or its product says so. */
export function isService(port: PortResult, name: string, productPattern?: RegExp): boolean {
  if (port.service.name === name || httpApi(port) === name) { return true; }
  return productPattern !== undefined && productPattern.test(port.service.product ?? '');
}

/**
 * The service speaks TLS from the first byte (HTTPS, IMAPS, SMTPS …). `service.tls` is also set after a
 * successful STARTTLS upgrade (src/tls records it as `port.tls.starttls`); such a port still starts in clear, and
 * the cleartext checks still apply to it.
 */
export function implicitTls(port: PortResult): boolean {
  return port.service.tls === true && port.tls?.starttls === undefined;
}
