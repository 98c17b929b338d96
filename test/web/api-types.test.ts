/**
 * @module test/web/api-types — the dashboard's API types (src/web/api/schema.d.ts, committed) are what
 * openapi-typescript makes of the OpenAPI document the server serves now: a route or schema change without
 * `npm run gen:api` fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/server/openapi-doc.js';
import { SCHEMA_FILE, renderTypes } from '../../scripts/gen-api-types.mjs';

describe('generated API types', () => {
  it('src/web/api/schema.d.ts matches the served OpenAPI document (run `npm run gen:api` when this fails)', async () => {
    const want = await renderTypes(await openApiDocument());
    expect(readFileSync(SCHEMA_FILE, 'utf8') === want).toBe(true);
  });
});
