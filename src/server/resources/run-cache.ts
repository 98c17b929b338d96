/**
 * @module server/resources/run-cache — the parsed grade, plan and diff of stored runs, kept in memory. What a run
 * computes to never changes once it is ingested; it is computed once, off the main thread, and stored
 * (monitor/dashboard/run-artifacts, server/artifacts): this cache only spares each request the read and JSON parse
 * of the stored row. The key names the run(s) by id and ingest time, resolved from the store on every request
 * after the tenancy check, so a new ingest (by this or any other process) moves `latest` to a new key and the old
 * entries simply age out. Concurrent requests for the same key share one read; a failed one is not kept.
 */

/** Entries kept (explanations of large runs weigh tens of MB: keep a few, least recently used out first). */
const MAX_ENTRIES = 32;

export class RunCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private computed = 0;

  /** The value under `key` for organisation `orgId`, computed by `compute` on a miss. */
  async get<T>(orgId: number, key: string, compute: () => Promise<T>): Promise<T> {
    const k = `${orgId}\u0000${key}`;
    const hit = this.entries.get(k);
    if (hit !== undefined) {
      this.entries.delete(k);
      this.entries.set(k, hit);
      return hit as Promise<T>;
    }
    this.computed++;
    const p = compute();
    this.entries.set(k, p);
    p.catch(() => { if (this.entries.get(k) === p) { this.entries.delete(k); } });
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) { break; }
      this.entries.delete(oldest);
    }
    return p;
  }

  /** How many computations ran (misses), for tests. */
  get misses(): number { return this.computed; }
}

/** The cache key part of one run: its id and ingest time (a re-ingest of the same id makes a new key). */
export const runKey = (run: { id: number; ingestedAt: string | null }): string => `${run.id}@${run.ingestedAt ?? ''}`;
