/**
 * @module probes/tls-required — recognises a web server's answer to cleartext HTTP on a port that speaks TLS: nginx
 * ("The plain HTTP request was sent to HTTPS port", HTTP 400), Apache httpd ("You're speaking plain HTTP to an
 * SSL-enabled server port"), Go net/http ("Client sent an HTTP request to an HTTPS server"), Jetty/Tomcat-style
 * "This combination of host and port requires TLS". Such an answer is not proof of a cleartext web service: the
 * port must be probed with a TLS ClientHello (docs/service-detection.md). Pure; reads at most 4 KiB of the body.
 */

/** The server software whose words were recognised, and the words. */
export interface TlsRequiredHint { readonly server: string; readonly text: string }

const PATTERNS: ReadonlyArray<{ server: string; re: RegExp }> = [
  { server: 'nginx', re: /The plain HTTP request was sent to HTTPS port/i },
  { server: 'Apache httpd', re: /speaking plain HTTP to an SSL-enabled server port/i },
  { server: 'Go net/http', re: /Client sent an HTTP request to an HTTPS server/i },
  { server: 'Java (Jetty/Tomcat)', re: /This combination of host and port requires TLS/i },
  { server: 'generic', re: /plain[- ]?text (?:HTTP )?(?:request|connection) (?:was )?(?:sent )?to an? (?:HTTPS|SSL|TLS)/i },
];

/** The hint when `body` (an HTTP response body) says the port expects TLS; null otherwise. Never throws. */
export function tlsRequiredHint(body: Uint8Array): TlsRequiredHint | null {
  const text = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 4096)).toString('latin1');
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m !== null) { return { server: p.server, text: m[0] }; }
  }
  return null;
}
