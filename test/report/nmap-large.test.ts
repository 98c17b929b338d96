/**
 * nmap XML import in bounded memory (issue 16 item 14): a 64 MB `-A -oX`-shaped file (bench/gen-nmap-xml.mjs) is
 * imported by the built module in a child process whose V8 heap is capped at 96 MB — the old whole-file tree builder
 * needed over 128 MB of heap for it (10× the file in RSS). Also: the byte cap counts UTF-8 bytes, not UTF-16 units.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseXml } from '../../src/import/xml.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
let dir = '';
let file = '';
let want = { bytes: 0, hosts: 0, ports: 0 };

describe('nmap XML import streams', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-nmap-large-'));
    file = join(dir, 'big.xml');
    const { stdout } = await run(process.execPath, [join(ROOT, 'bench', 'gen-nmap-xml.mjs'), file, '64']);
    want = JSON.parse(stdout) as typeof want;
  }, 60_000);
  afterAll(() => { if (dir) { rmSync(dir, { recursive: true, force: true }); } });

  it('imports a 64 MB file with a 96 MB heap, every host and port kept', async () => {
    expect(want.bytes).toBeGreaterThan(64 * 1024 * 1024);
    const script = `const { loadScanFile } = await import(${JSON.stringify(join(ROOT, 'dist', 'import', 'index.js'))});
      const l = await loadScanFile(${JSON.stringify(file)});
      console.log(JSON.stringify({ format: l.format, hosts: l.doc.hosts.length, ports: l.doc.hosts.reduce((n, h) => n + h.ports.length, 0),
        products: l.doc.hosts[0].ports.map((p) => p.service.product), finished: l.doc.scan.finished }));`;
    const { stdout } = await run(process.execPath, ['--max-old-space-size=96', '--input-type=module', '-e', script], { timeout: 180_000 });
    expect(JSON.parse(stdout)).toEqual({ format: 'nmap', hosts: want.hosts, ports: want.ports, products: ['OpenSSH', 'Apache httpd', 'nginx'], finished: '2025-12-01T12:53:20.000Z' });
  }, 200_000);

  it('the byte cap counts UTF-8 bytes (10 × "é" is 20 bytes, 10 UTF-16 units)', () => {
    expect(() => parseXml(`<a>${'é'.repeat(10)}</a>`, { maxBytes: 20, maxElements: 10, maxDepth: 8 })).toThrow(expect.objectContaining({ code: 'GH_ERR_IMPORT' }));
    expect(parseXml(`<a>${'é'.repeat(10)}</a>`, { maxBytes: 27, maxElements: 10, maxDepth: 8 }).text).toBe('é'.repeat(10));
  });
});
