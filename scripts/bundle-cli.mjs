#!/usr/bin/env node
// Bundles the compiled CLI (tsc's dist/) into dist/bundle/ with rolldown (vite 8's own bundler, already installed
// with vite): `gatehouse.js` (the CLI), `worker.js` (engine scan threads, found by engine/parallel.ts as
// ./worker.js next to its own chunk), `artifacts-worker.js` (server/artifacts/runner.ts, the same way) and
// `first-answer-worker.js` (net/first-answer.ts's split asks, the same way), plus shared chunks for what is loaded lazily (server, report writers, probes…).
// Then dist/cli/main.js, the `bin` and what tests and benchmarks run, becomes a one-line import of the bundle.
// Why: `gatehouse scan` loaded 82 ESM files one by one (457 with its history); the bundle 37 (45) (README.md
// § Performance). npm packages stay external (node_modules, native better-sqlite3), except kysely (below).
// The knowledge JSON files are copied next to the chunks: knowledge/services.ts loads them relative to itself.
// Usage: node scripts/bundle-cli.mjs   (run by `npm run build` after tsc; GH_NO_BUNDLE=1 skips it)
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'rolldown';

const root = new URL('..', import.meta.url).pathname;
const out = `${root}dist/bundle`;
if (process.env.GH_NO_BUNDLE === '1') { process.exit(0); }
if (!existsSync(`${root}dist/cli/main.js`)) { console.error('bundle-cli: dist/cli/main.js missing: run tsc first'); process.exit(2); }

if (readFileSync(`${root}dist/cli/main.js`, 'utf8').includes("import '../bundle/gatehouse.js'")) {
  console.error('bundle-cli: dist/cli/main.js is already the bundle\'s entry line: run tsc -p tsconfig.build.json first'); process.exit(2);
}
rmSync(out, { recursive: true, force: true });
await build({
  input: { gatehouse: `${root}dist/cli/main.js`, worker: `${root}dist/engine/worker.js`, 'artifacts-worker': `${root}dist/server/artifacts/artifacts-worker.js`, 'first-answer-worker': `${root}dist/net/first-answer-worker.js` },
  platform: 'node',
  // npm packages and node: builtins stay external, but for kysely: pure ESM in ~260 files, all loaded by the first
  // store open (the default scan's history), used by our code alone. Not zod: fastify-type-provider-zod (external)
  // checks `instanceof $ZodType` and shares zod's global registry, so a second copy of zod would break the server.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && id !== 'kysely' && !id.startsWith('kysely/'),
  logLevel: 'warn',
  output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
for (const f of readdirSync(`${root}src/knowledge`)) { if (f.endsWith('.json')) { copyFileSync(`${root}src/knowledge/${f}`, `${out}/${f}`); } }
chmodSync(`${out}/gatehouse.js`, 0o755);
writeFileSync(`${root}dist/cli/main.js`, "#!/usr/bin/env node\n// the bundled CLI (scripts/bundle-cli.mjs); tsc's unbundled dist/cli/main.js is replaced by this line\nimport '../bundle/gatehouse.js';\n");
chmodSync(`${root}dist/cli/main.js`, 0o755);
