/**
 * @module test/architecture — data flows one way (STYLE.md "The layout this project follows"): no import cycle
 * between files of src/, and every import between top-level folders of src/ goes leftwards or to a base folder.
 * Imports are read with TypeScript's own pre-processor (static, re-exports, `import type` and lazy `import()`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** Base folders: any stage may import them; among themselves only these directions. */
const BASE: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  core: ['errors'],
  net: ['core', 'errors'],
  knowledge: ['core', 'errors'],
  protocols: ['core', 'errors', 'net'],
};

/**
 * Stages, left (low) to right (high): a stage imports from stages of a lower rank and from base folders, never
 * from its right or its own rank. targets(core) → engine → probes → tls → checks → pipeline (runs the port stages)
 * → score → report/store/local → import (loads stored or foreign scans for report/explain/plan) → monitor →
 * server/queue → web/cli on top.
 */
const RANK: Readonly<Record<string, number>> = {
  engine: 10, probes: 20, tls: 30, checks: 40, pipeline: 50, score: 60,
  report: 70, store: 70, local: 70, import: 75,
  monitor: 80, server: 90, queue: 90, web: 100, cli: 100,
};

/**
 * The port stages (probes, tls, checks) are handed dialers from net/ and never reach into the scheduler (ZGrab2's
 * modules do not open their own scan loop): running the engine is pipeline/'s and cli/'s business.
 */
const NEVER: Readonly<Record<string, readonly string[]>> = { probes: ['engine'], tls: ['engine'], checks: ['engine'] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) { return sourceFiles(p); }
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import of a file, as src-relative paths of .ts files. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, '.ts'));
}

const topOf = (rel: string): string => rel.split('/')[0] ?? rel;

/** Whether folder `from` may import folder `to` (both top-level folders of src/). */
export function allowed(from: string, to: string): boolean {
  if (from === to) { return true; }
  const base = BASE[from];
  if (base !== undefined) { return base.includes(to); }
  if (BASE[to] !== undefined) { return true; }
  if (NEVER[from]?.includes(to) === true) { return false; }
  const a = RANK[from];
  const b = RANK[to];
  return a !== undefined && b !== undefined && b < a;
}

/** Strongly connected components of more than one file (or a file importing itself): each is a cycle. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) { continue; }
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0)); } else if (on.has(w)) { low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0)); }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do { w = stack.pop(); if (w !== undefined) { on.delete(w); scc.push(w); } } while (w !== undefined && w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) { out.push(scc.sort()); }
    }
  };
  for (const v of graph.keys()) { if (!index.has(v)) { visit(v); } }
  return out;
}

const files = sourceFiles(SRC).map((f) => relative(SRC, f));
const graph = new Map(files.map((f) => [f, importsOf(join(SRC, f))] as const));

describe('architecture: one-way data flow between the folders of src/', () => {
  it('reads a real tree (the scan itself is tested, not an empty list)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get('cli/main.ts')?.length ?? 0).toBeGreaterThan(0);
  });

  it('knows every top-level folder of src/ (a new folder must be placed in the flow)', () => {
    const unknown = [...new Set(files.map(topOf))].filter((d) => d.endsWith('.ts') === false && BASE[d] === undefined && RANK[d] === undefined);
    expect(unknown).toEqual([]);
  });

  it('no file imports a file of a folder to its right, of its own rank, or cli/', () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      for (const d of deps) { if (!allowed(topOf(f), topOf(d))) { bad.push(`${f} → ${d}`); } }
    }
    expect(bad).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the rules themselves: leftward and base imports pass, the rest fail', () => {
    expect(allowed('checks', 'probes')).toBe(true);
    expect(allowed('checks', 'protocols')).toBe(true);
    expect(allowed('probes', 'checks')).toBe(false);
    expect(allowed('tls', 'cli')).toBe(false);
    expect(allowed('core', 'knowledge')).toBe(false);
    expect(allowed('report', 'store')).toBe(false);
    expect(allowed('server', 'cli')).toBe(false);
    expect(allowed('cli', 'web')).toBe(false);
    expect(allowed('cli', 'server')).toBe(true);
    expect(allowed('web', 'server')).toBe(true);
    expect(allowed('checks', 'engine')).toBe(false);
    expect(allowed('pipeline', 'engine')).toBe(true);
    expect(cycles(new Map([['a', ['b']], ['b', ['a']], ['c', ['a']]]))).toEqual([['a', 'b']]);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});
