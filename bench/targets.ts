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

/** One daily sweep of every automation over the benchmark's shop (issue 15's figures). */
export const LIFECYCLE_TARGETS = {
  sweepSeconds: 60,
  /** the server's RSS at its peak during the sweep, over its RSS before */
  rssGrowthMb: 300,
  /** beat ack p99 during the sweep, as a multiple of the p99 without it */
  beatP99Ratio: 2,
};

/** The dashboard and each segment list's first page over a shop of a million members (issue 19). */
export const MEMBERS_TARGET_MS = 500;

interface MembersFile {
  at: string;
  results: {
    database: string;
    viewers: number;
    orders: number;
    dashboardMs: number;
    pages: Record<string, { ms: number }>;
    slowestMs: number;
    targets: { met: boolean };
  }[];
}

/** A room arriving at once (issue 19): join p99 within this multiple of a raw `ws` connect p99, and the RSS per viewer. */
export const JOIN_TARGETS = { ratioP99: 3, kbPerViewer: 20 };

interface JoinFile {
  at: string;
  viewers: number;
  ratioP99: number;
  kbPerViewer: number;
  raw: { p99Ms: number; kbPerConnection: number };
  encore: { p99Ms: number };
}

interface LifecycleFile {
  at: string;
  results: {
    database: string;
    viewers: number;
    sweepSeconds: number;
    rssGrowthMb: number;
    beatAckP99WithoutMs: number;
    beatAckP99DuringMs: number;
    targets: { sweep: boolean; rss: boolean; beats: boolean };
  }[];
}

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
  const join = read<JoinFile>("join", since);
  if (join) {
    const size = `${join.viewers.toLocaleString("en")} viewers`;
    lines.push(
      `join, ${size}: p99 ${join.encore.p99Ms} ms vs raw ws ${join.raw.p99Ms} ms, ${join.ratioP99}× (≤ ${JOIN_TARGETS.ratioP99}×) ${verdict(join.ratioP99 <= JOIN_TARGETS.ratioP99)}`,
      `join, ${size}: ${join.kbPerViewer} KB RSS per viewer, raw ws ${join.raw.kbPerConnection} KB (≤ ${JOIN_TARGETS.kbPerViewer} KB) ${verdict(join.kbPerViewer <= JOIN_TARGETS.kbPerViewer)}`,
    );
  }
  for (const name of ["storm", "storm-postgres"]) {
    for (const r of read<StormFile>(name, since)?.results ?? []) {
      const target = stormAckP99Target(r.viewers);
      lines.push(
        `claim storm, ${r.database}, ${r.viewers} viewers: ack p99 ${r.ackP99Ms} ms (≤ ${target} ms) ${verdict(r.ackP99Ms <= target)}`,
      );
    }
  }
  for (const name of ["members", "members-postgres"]) {
    for (const r of read<MembersFile>(name, since)?.results ?? []) {
      const size = `${r.database}, ${r.viewers.toLocaleString("en")} members, ${r.orders.toLocaleString("en")} orders`;
      const pages = Object.entries(r.pages)
        .map(([segment, p]) => `${segment} ${p.ms}`)
        .join(", ");
      lines.push(
        `members, ${size}: dashboard ${r.dashboardMs} ms; first pages (ms) ${pages} (each ≤ ${MEMBERS_TARGET_MS} ms) ${verdict(r.targets.met)}`,
      );
    }
  }
  for (const name of ["lifecycle", "lifecycle-postgres"]) {
    for (const r of read<LifecycleFile>(name, since)?.results ?? []) {
      const size = `${r.database}, ${r.viewers.toLocaleString("en")} viewers`;
      lines.push(
        `lifecycle sweep, ${size}: ${r.sweepSeconds} s (≤ ${LIFECYCLE_TARGETS.sweepSeconds} s) ${verdict(r.targets.sweep)}`,
        `lifecycle sweep, ${size}: RSS +${r.rssGrowthMb} MB (≤ +${LIFECYCLE_TARGETS.rssGrowthMb} MB) ${verdict(r.targets.rss)}`,
        `lifecycle sweep, ${size}: beat ack p99 ${r.beatAckP99DuringMs} ms during vs ${r.beatAckP99WithoutMs} ms without (≤ ${LIFECYCLE_TARGETS.beatP99Ratio}×) ${verdict(r.targets.beats)}`,
      );
    }
  }
  return lines;
}
