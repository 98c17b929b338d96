/** @module knowledge/risks/mail — risk entries: mail transfer and access (smtp, submission, pop3, imap). */
import type { RiskData } from './types.js';

export const mailRisks: readonly RiskData[] = [
  {
    id: 'smtp', title: 'SMTP mail transfer', services: ['smtp', 'submission', 'smtps'], ports: ['25/tcp', '587/tcp', '465/tcp'], severity: 'medium', reachable: 'low',
    why: 'Open relays are found within hours and used to send spam and phishing under your name; servers without STARTTLS expose mail and SMTP AUTH passwords.',
    secure: ['Relay only for authenticated users and your own networks.', 'Offer STARTTLS with a valid certificate; require TLS on submission (587/465).', 'Publish SPF, DKIM and DMARC.'],
    references: ['https://www.postfix.org/SMTPD_ACCESS_README.html', 'https://www.rfc-editor.org/rfc/rfc3207', 'https://www.rfc-editor.org/rfc/rfc8314', 'https://isc.sans.edu/port.html?port=25'],
    checks: ['smtp-no-starttls', 'smtp-open-relay'],
  },
  {
    id: 'pop3', title: 'POP3', services: ['pop3', 'pop3s'], ports: ['110/tcp', '995/tcp'], severity: 'medium',
    why: 'POP3 without TLS sends mailbox passwords in clear; mail logins are a favourite target of password spraying.',
    secure: ['Require TLS (POP3S on 995, or STLS) and refuse plaintext logins before TLS.', 'Close 110 where nobody uses POP3.'],
    references: ['https://www.rfc-editor.org/rfc/rfc2595', 'https://www.rfc-editor.org/rfc/rfc8314', 'https://doc.dovecot.org/configuration_manual/dovecot_ssl_configuration/', 'https://isc.sans.edu/port.html?port=110'],
    checks: ['pop3-cleartext'],
  },
  {
    id: 'imap', title: 'IMAP', services: ['imap', 'imaps'], ports: ['143/tcp', '993/tcp'], severity: 'medium',
    why: 'IMAP without TLS sends mailbox passwords and mail in clear; IMAP logins are targeted by password spraying because they often bypass MFA.',
    secure: ['Require TLS (IMAPS on 993, or STARTTLS) and refuse plaintext logins before TLS.', 'Disable legacy authentication where MFA is used.'],
    references: ['https://www.rfc-editor.org/rfc/rfc2595', 'https://www.rfc-editor.org/rfc/rfc8314', 'https://doc.dovecot.org/configuration_manual/dovecot_ssl_configuration/', 'https://isc.sans.edu/port.html?port=143'],
    checks: ['imap-cleartext'],
  },
];
