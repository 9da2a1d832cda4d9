/*
 * Where a claim storm's time goes, for `STORM_TRACE=1 npm run bench:storm`: each claim batch
 * (its size, when it began and ended, how many statements ran meanwhile) and each wait a comment
 * makes before its claim is decided (the shop, the mute list, the room's offer, the queue). Off,
 * it costs one boolean test per call. The storm server prints the report after the storm.
 */

const enabled = Boolean(process.env.STORM_TRACE);

interface Batch {
  size: number;
  start: number;
  end: number;
  statements: number;
}

let statements = 0;
let origin = performance.now();
const batches: Batch[] = [];
const jobs: string[] = [];
const marks = new Map<string, { first: number; last: number; count: number }>();
const waits = new Map<string, number[]>();

export const stormTrace = {
  enabled,

  /** Every statement the store runs (from Kysely's log hook). */
  statement(): void {
    statements++;
  },

  /** A claim batch begins; the returned function ends it. */
  batch(size: number): () => void {
    if (!enabled) return () => {};
    const start = performance.now();
    const before = statements;
    return () => batches.push({ size, start, end: performance.now(), statements: statements - before });
  },

  /** One job of the offer desk's lane ran from `start` to `end`; long ones are listed. */
  lane(what: string, start: number, end: number): void {
    if (enabled && end - start >= 20)
      jobs.push(`${what.replace(/\s+/g, " ")}: ${ms(start - origin)} → ${ms(end - origin)}`);
  },

  /** Something happened now: the report gives when it first and last did, and how often. */
  mark(what: string): void {
    if (!enabled) return;
    const at = performance.now() - origin;
    const seen = marks.get(what);
    if (seen) {
      seen.last = at;
      seen.count++;
    } else marks.set(what, { first: at, last: at, count: 1 });
  },

  /** A comment waited `ms` for `what`. */
  wait(what: string, ms: number): void {
    if (!enabled) return;
    const list = waits.get(what) ?? [];
    list.push(ms);
    waits.set(what, list);
  },

  reset(): void {
    batches.length = 0;
    jobs.length = 0;
    marks.clear();
    waits.clear();
    origin = performance.now();
  },

  /** The batches one per line, a histogram of their durations, and each wait's percentiles. */
  report(): string {
    const lines = [`storm trace: ${batches.length} claim batches`];
    for (const b of batches) {
      lines.push(
        `  batch of ${b.size}: ${ms(b.start - origin)} → ${ms(b.end - origin)} (${ms(b.end - b.start)}), ${b.statements} statements`,
      );
    }
    const edges = [1, 2, 5, 10, 20, 50, 100, 200, 500, Number.POSITIVE_INFINITY];
    const counts = edges.map(() => 0);
    for (const b of batches) {
      const at = edges.findIndex((e) => b.end - b.start < e);
      counts[at] = (counts[at] ?? 0) + 1;
    }
    lines.push(
      `  batch durations: ${edges.map((e, i) => `<${Number.isFinite(e) ? e : "∞"} ms: ${counts[i]}`).join(", ")}`,
    );
    for (const [what, m] of marks) lines.push(`  ${what}: ${m.count}, first at ${ms(m.first)}, last at ${ms(m.last)}`);
    for (const job of jobs) lines.push(`  lane job ${job}`);
    for (const [what, list] of waits) {
      list.sort((a, b) => a - b);
      const at = (p: number) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))] ?? 0;
      const over = list.filter((w) => w >= 1).length;
      lines.push(
        `  wait for ${what}: ${list.length} comments, p50 ${ms(at(50))}, p99 ${ms(at(99))}, max ${ms(at(100))}, ${over} waited ≥ 1 ms`,
      );
    }
    return lines.join("\n");
  },
};

const ms = (value: number) => `${value.toFixed(1)} ms`;
