/**
 * The figures the issues ask of the load benchmarks. `npm run bench` prints each against what
 * it measured; correctness (everyone connected, every event delivered, exact stock) is what
 * makes a run fail, since latency on a shared machine is partly the machine's.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir } from "./harness.js";

/** Claim-ack p99 allowed for a storm of this many viewers. */
export function stormAckP99Target(viewers: number): number {
  return viewers <= 5000 ? 150 : 300;
}

/** The room broadcast may take at most this many times as long as a raw `ws` broadcast (p50 and p99). */
export const FANOUT_RATIO_TARGET = 2;

interface StormFile {
  at: string;
  results: { database: string; viewers: number; ackP99Ms: number }[];
}
interface FanoutFile {
  at: string;
  ratio: { p50: number; p99: number };
}

function read<T extends { at: string }>(name: string, since: Date): T | null {
  const file = join(benchDir, "results", `${name}.json`);
  if (!existsSync(file)) return null;
  const body = JSON.parse(readFileSync(file, "utf8")) as T;
  return new Date(body.at) >= since ? body : null;
}

/** One line per target measured since `since`: the figure, the target, met or missed. */
export function targetReport(since: Date): string[] {
  const lines: string[] = [];
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  const fanout = read<FanoutFile>("fanout", since);
  if (fanout) {
    const { p50, p99 } = fanout.ratio;
    const met = p50 <= FANOUT_RATIO_TARGET && p99 <= FANOUT_RATIO_TARGET;
    lines.push(`fan-out vs raw ws: p50 ${p50}×, p99 ${p99}× (≤ ${FANOUT_RATIO_TARGET}×) ${verdict(met)}`);
  }
  for (const name of ["storm", "storm-postgres"]) {
    for (const r of read<StormFile>(name, since)?.results ?? []) {
      const target = stormAckP99Target(r.viewers);
      lines.push(
        `claim storm, ${r.database}, ${r.viewers} viewers: ack p99 ${r.ackP99Ms} ms (≤ ${target} ms) ${verdict(r.ackP99Ms <= target)}`,
      );
    }
  }
  return lines;
}
