/** @module cli/commands/scan — options of `gatehouse scan`; the work is in cli/scan.ts, loaded on use. */
import { Option, type Command } from 'commander';
import type { RawScanOptions } from '../scan.js';
import { processIO, type ExitBox } from './io.js';

export function registerScan(program: Command, exit: ExitBox): void {
  program.command('scan')
    .description('discover open TCP ports on targets (addresses, CIDRs, ranges, hostnames)')
    .argument('[targets...]', 'targets: 127.0.0.1, 127.0.10.0/28, 127.0.10.1-20, 127.0.1-3.1-5, ::1, localhost')
    .option('-p, --ports <ports>', 'ports, nmap syntax: 22,80,1000-2000 | - (all) | T:80,U:53')
    .option('--top-ports <n>', 'the N most commonly open ports (default 1000)')
    .option('--udp', 'scan UDP ports (nmap: -sU): an unprefixed -p list means UDP; default the top 1000 UDP ports')
    .option('--top-udp-ports <n>', 'also scan the N most commonly open UDP ports')
    .option('--profile <name>', 'add the ports these systems expose: windows, linux, macos, network-device; auto: infer each host\'s OS, then scan its profile\'s missing ports (docs/service-detection.md § Profiles)')
    .option('--udp-source-ip <addresses>', 'send UDP probes from these local addresses (list, range or CIDR, at most 256): each is its own ICMP rate-limit bucket at every target, so closed UDP ports are confirmed that many times faster (docs/udp.md)')
    .option('--dns-recursion-name <name>', 'name the open-resolver check asks DNS servers to resolve (default www.example.com)')
    .option('--input-list <file>', 'read targets from FILE (nmap: -iL)')
    .option('--exclude <targets>', 'comma-separated targets to skip')
    .option('--exclude-file <file>', 'read targets to skip from FILE')
    .option('--scope <cidrs|file>', 'refuse any target outside these CIDRs (or those listed in FILE)')
    .option('--config <file>', 'JSON config file (scope, exclude, rate, maxConcurrency, retries, timeout)')
    .option('--no-ping', 'skip host discovery; treat every host as up (nmap: -Pn)')
    .option('--rate <pps>', 'global cap on probes per second')
    .option('--max-concurrency <n>', 'probes in flight at once (default: from the open-file limit)')
    .option('--timeout <ms>', 'longest wait for an answer to one probe (default 1000)')
    .option('--min-rtt-timeout <ms>', 'shortest wait for an answer, however fast the host (default 100)')
    .option('--retries <n>', 'extra attempts for unanswered probes (default 1)')
    .addOption(new Option('--host-group <n>', 'hosts scanned together (default 256)').hideHelp())
    .option('--threads <n>', 'scan threads (default: one per core, at most 4, for scans of 20,000+ probes)')
    .option('--seed <n>', 'seed of the randomised probe order (for reproducible runs)')
    .option('--json', 'one JSON document on stdout (contract v1)')
    .option('--ndjson', 'one JSON line per result, as found')
    .option('--all-states', 'list closed ports too')
    .option('-q, --quiet', 'no progress or summary on stderr')
    .option('--output-xml <file>', 'also write nmap-compatible XML (nmap: -oX)')
    .option('--no-progress', 'no progress bar')
    .option('--db <file>', 'scan history: a SQLite file or postgres://URL (default $GATEHOUSE_DB or ~/.local/share/gatehouse/gatehouse.db)')
    .option('--no-store', 'do not save this scan to the history database')
    .option('--no-service-detection', 'only discover ports: no service/version probes, TLS analysis or checks (nmap: no -sV)')
    .option('--no-tls', 'skip TLS analysis of TLS services')
    .option('--no-checks', 'skip misconfiguration checks')
    .option('--no-self-scan', 'grade this machine\'s own addresses as if other hosts reached every open port (no join with the local inventory)')
    .option('--policy <file>', 'YAML policy (docs/local.md): report open ports it does not allow (policy-unexpected-port, policy-expired-exception)')
    .option('--service-timeout <ms>', 'time budget per open port for identification, TLS and checks (default 20000)')
    .option('--resolve <name:address>', 'scan NAME at ADDRESS without asking DNS (like curl --resolve; list with commas): NAME is used for SNI, Host headers and the certificate name check')
    .option('--queue <redis-url>', 'run the scan as shards on `gatehouse worker`s through this Redis (BullMQ); needs --db postgres://… (docs/scale.md)')
    .addOption(new Option('--shard-probes <n>', 'probes per shard with --queue (default 4096, or 4 s at --rate)').hideHelp())
    .option('--fail-under <letter>', 'exit 3 when the grade (docs/scoring.md) is below LETTER (A-F), e.g. --fail-under B')
    // Hidden, for the Watch run executor (src/monitor/executor.ts): write into a scan record it created, and stop
    // (storing the scan as interrupted) when the process that started this one dies.
    .addOption(new Option('--append-to-scan <id>').hideHelp())
    .addOption(new Option('--exit-with-parent').hideHelp())
    .action(async (targets: string[], opts: RawScanOptions) => {
      const { runScan } = await import('../scan.js'); // loaded on use: other commands start faster
      exit.code = await runScan(targets, opts, { ...processIO(), outputClosed: exit.outputClosed });
    });
}
