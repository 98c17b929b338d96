#!/usr/bin/env node
// Builds the native batch connector (src/net/native/connect.c, a Node-API addon) into
// dist/native/gatehouse-connect.node with the machine's C compiler against Node's own headers. No node-gyp: one C file,
// Node-API and libuv symbols are resolved from the running node at load time.
// Without a compiler or headers it says so and exits 0: net/tcp-connector.ts then uses libuv's tcp_wrap (slower per
// probe, README § Performance). GATEHOUSE_REQUIRE_NATIVE=1 (set by .ci/run) makes that a failure.
// Usage: node scripts/build-native.mjs   (run by `npm run build`)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = `${root}src/net/native/connect.c`;
const out = `${root}dist/native/gatehouse-connect.node`;
const required = process.env.GATEHOUSE_REQUIRE_NATIVE === '1';

/** Node's headers: next to the running node (a tarball install), npm's nodedir, or the distribution's. */
function headerDir() {
  const candidates = [
    path.resolve(path.dirname(process.execPath), '../include/node'),
    process.env.npm_config_nodedir ? path.join(process.env.npm_config_nodedir, 'include/node') : '',
    '/usr/include/node', '/usr/local/include/node',
  ];
  return candidates.find((d) => d !== '' && existsSync(path.join(d, 'node_api.h')) && existsSync(path.join(d, 'uv.h')));
}

function fail(why) {
  console.error(`build-native: ${why}; the scan uses libuv's tcp_wrap connector instead (slower per probe)`);
  process.exit(required ? 1 : 0);
}

if (process.platform !== 'linux') { fail(`the batch connector is Linux-only (epoll), not ${process.platform}`); }
const inc = headerDir();
if (inc === undefined) { fail("Node's headers (node_api.h, uv.h) not found"); }
const cc = process.env.CC || 'cc';
mkdirSync(path.dirname(out), { recursive: true });
try {
  execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-shared', '-fPIC', '-fvisibility=hidden', `-I${inc}`, '-o', out, src], { stdio: ['ignore', 'inherit', 'inherit'] });
} catch (err) {
  fail(`${cc} failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
}
