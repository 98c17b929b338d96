/**
 * @module lab/services/emulators/main — starts every protocol EMULATOR of the lab in one process (addresses as in
 * lab/services/truth.json) and prints `ready`. Usage: node main.mjs --cert FILE --key FILE
 */
import { readFileSync } from 'node:fs';
import { serveCouchdb, serveDocker, serveElasticsearch, serveKubernetes } from './http-apis.mjs';
import { serveMongo } from './mongodb.mjs';
import { serveRdp } from './rdp.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const certFile = arg('cert');
const keyFile = arg('key');
if (!certFile || !keyFile) { console.error('usage: node main.mjs --cert FILE --key FILE'); process.exit(2); }
const tlsFiles = { cert: readFileSync(certFile), key: readFileSync(keyFile) };

await Promise.all([
  serveMongo('10.77.2.10', 27017),
  serveMongo('10.77.2.11', 27017, { auth: true }),
  serveElasticsearch('10.77.2.20', 9200),
  serveElasticsearch('10.77.2.21', 9200, { secured: true }),
  serveDocker('10.77.2.30', 2375),
  serveCouchdb('10.77.2.40', 5984),
  serveKubernetes('10.77.2.50', 6443, tlsFiles),
  serveRdp('10.77.2.60', 3389, tlsFiles),
]);
console.log('ready emulators');
