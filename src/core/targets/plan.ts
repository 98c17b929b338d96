/** @module core/targets/plan — specs → a lazy, de-duplicated, exclusion-filtered and scope-checked iterable of targets. */
import type { Target } from '../types.js';
import { UsageError } from '../../errors/index.js';
import { parseAddress, textOf, v4Text, v6Text, type Family, type ParsedAddress } from './address.js';
import { octetValues, type HostnameSpec, type TargetSpec } from './spec.js';
import { parseTargetSpec } from './parse.js';
import { AddressSet, addressSetOf } from './set.js';
import { outOfScope } from './scope.js';

export interface TargetPlan extends Iterable<Target> {
  /** Addresses named, before exclusions and de-duplication (an upper bound on hosts scanned). */
  readonly countUpperBound: bigint;
  readonly specs: readonly TargetSpec[];
  /** Each hostname and the addresses it resolved to (so the plan can be rebuilt elsewhere without DNS). */
  readonly resolved: readonly [string, string[]][];
  [Symbol.iterator](): Generator<Target>;
}

export interface PlanOptions {
  exclude?: readonly string[];
  scope?: readonly string[];
  /** Hostname → addresses; injected (the CLI passes DNS, tests a fake). Without it a hostname is unresolvable. */
  resolve?: (host: string) => Promise<string[]>;
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const RESOLVE_PARALLEL = 16;

async function resolveAll(specs: readonly TargetSpec[], resolve: PlanOptions['resolve']): Promise<Map<string, ParsedAddress[]>> {
  const names = [...new Set(specs.flatMap((s) => (s.kind === 'hostname' ? [s.name] : [])))];
  const out = new Map<string, ParsedAddress[]>();
  for (let i = 0; i < names.length; i += RESOLVE_PARALLEL) {
    await Promise.all(names.slice(i, i + RESOLVE_PARALLEL).map(async (name) => {
      let addrs: string[] = [];
      try {
        addrs = resolve ? await resolve(name) : [];
      } catch (err) {
        throw new UsageError('GH_ERR_TARGET_RESOLVE', `cannot resolve "${name}"`, { cause: err });
      }
      const parsed = addrs.map(parseAddress).filter((a): a is ParsedAddress => a !== null);
      if (parsed.length === 0) { throw new UsageError('GH_ERR_TARGET_RESOLVE', `cannot resolve "${name}"`); }
      out.set(name, parsed);
    }));
  }
  return out;
}

/**
 * Parses every spec, resolves hostnames and checks the scope — all before anything is scanned — and returns
 * a lazy, de-duplicated, exclusion-filtered iterable of targets. The first error throws.
 */
export async function planTargets(texts: readonly string[], opts: PlanOptions = {}): Promise<TargetPlan> {
  if (texts.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'no targets given'); }
  const specs = texts.map(parseTargetSpec);
  const exclude = addressSetOf(opts.exclude ?? []);
  const scope = opts.scope !== undefined ? addressSetOf(opts.scope) : null;
  if (scope && scope.size === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'the scope is empty'); }

  // Hostnames: resolved once, up front; remember which names led to each address.
  const resolved = await resolveAll(specs, opts.resolve);
  const namesOf = new Map<string, string[]>();
  for (const [name, addrs] of resolved) {
    for (const a of addrs) {
      const key = textOf(a);
      const list = namesOf.get(key) ?? [];
      if (!list.includes(name)) { list.push(name); }
      namesOf.set(key, list);
    }
  }
  const addrsOf = (spec: HostnameSpec): ParsedAddress[] => resolved.get(spec.name) ?? [];

  // Scope: every address of every spec must be inside, or nothing is scanned.
  if (scope) {
    for (const spec of specs) {
      if (spec.kind !== 'hostname') {
        if (!scope.containsSpec(spec)) {
          throw outOfScope(spec.text, null, opts.scope ?? []);
        }
        continue;
      }
      const out = addrsOf(spec).find((a) => !(a.family === 4 ? scope.hasV4(a.value) : scope.hasV6(a.value)));
      if (out) {
        throw outOfScope(spec.text, textOf(out), opts.scope ?? []);
      }
    }
  }

  const excluded = (a: ParsedAddress): boolean => (a.family === 4 ? exclude.hasV4(a.value) : exclude.hasV6(a.value));
  // A plan that excludes everything is an input error, found without expanding anything.
  if (specs.every((s) => (s.kind === 'hostname' ? addrsOf(s).every(excluded) : exclude.containsSpec(s)))) {
    throw new UsageError('GH_ERR_EMPTY_INPUT', 'every target is excluded: nothing to scan');
  }

  let count = 0n;
  for (const spec of specs) { count += spec.kind === 'hostname' ? BigInt(addrsOf(spec).length) : spec.count(); }

  return {
    countUpperBound: count,
    specs,
    resolved: [...resolved].map(([name, addrs]) => [name, addrs.map(textOf)]),
    *[Symbol.iterator](): Generator<Target> {
      const earlier = new AddressSet();     // address specs already yielded
      const fromNames = new Set<string>();   // resolved addresses already yielded (few)
      const target = (address: string, family: Family): Target => ({ address, family, hostnames: namesOf.get(address) ?? NO_NAMES });
      for (const spec of specs) {
        if (spec.kind === 'hostname') {
          for (const a of addrsOf(spec)) {
            const address = textOf(a);
            const seen = a.family === 4 ? earlier.hasV4(a.value) : earlier.hasV6(a.value);
            if (seen || excluded(a) || fromNames.has(address)) { continue; }
            fromNames.add(address);
            yield target(address, a.family);
          }
          continue;
        }
        if (spec.kind === 'octets') {
          for (const n of octetValues(spec.octets)) {
            if (exclude.hasV4(n) || earlier.hasV4(n)) { continue; }
            const address = v4Text(n);
            if (fromNames.size > 0 && fromNames.has(address)) { continue; }
            yield target(address, 4);
          }
        } else if (spec.family === 4) {
          for (let n = Number(spec.first), hi = Number(spec.last); n <= hi; n++) {
            if (exclude.hasV4(n) || earlier.hasV4(n)) { continue; }
            const address = v4Text(n);
            if (fromNames.size > 0 && fromNames.has(address)) { continue; }
            yield target(address, 4);
          }
        } else {
          for (let v = spec.first; v <= spec.last; v++) {
            if (exclude.hasV6(v) || earlier.hasV6(v)) { continue; }
            const address = v6Text(v);
            if (fromNames.size > 0 && fromNames.has(address)) { continue; }
            yield target(address, 6);
          }
        }
        earlier.add(spec);
      }
    },
  };
}
