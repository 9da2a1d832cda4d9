/**
 * `npm run bench [-- --viewers N]`: every load benchmark in turn, each in its own processes so
 * one run's sockets and heap never weigh on the next: the big room (connections, fan-out beside
 * raw `ws`, watch beats), then a room arriving at once (join beside raw `ws` connects), then the claim storm on SQLite and on Postgres (ENCORE_BENCH_PG; without
 * it a message says it was skipped, and with CI=true it fails), then one daily sweep of every
 * automation over a bulk-seeded shop on each database with sockets beating meanwhile, the dashboard
 * and every segment list's first page over a bulk-seeded shop on each database, then the
 * history import of a million orders on SQLite. Each
 * prints its figures and writes bench/results/*.json; this exits non-zero if any of them failed.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { benchDir, option } from "./harness.js";
import { targetReport } from "./targets.js";

const argv = process.argv.slice(2);
const viewers = option(argv, "--viewers");
const sized = viewers ? ["--viewers", String(viewers)] : [];

const runs: { name: string; script: string; args: string[] }[] = [
  { name: "big room", script: "room.ts", args: sized },
  { name: "a room arriving at once", script: "join.ts", args: sized },
  { name: "claim storm on SQLite", script: "storm.ts", args: sized },
  { name: "claim storm on Postgres", script: "storm.ts", args: [...sized, "--postgres"] },
  // sized by LIFECYCLE_VIEWERS (default 1,000,000), not --viewers: its viewers are a shop's members, not a room's
  { name: "lifecycle sweep on SQLite", script: "lifecycle.ts", args: [] },
  { name: "lifecycle sweep on Postgres", script: "lifecycle.ts", args: ["--postgres"] },
  // sized by MEMBERS_VIEWERS (default 1,000,000) and MEMBERS_ORDERS
  { name: "a million members' dashboard and segments on SQLite", script: "members.ts", args: [] },
  { name: "a million members' dashboard and segments on Postgres", script: "members.ts", args: ["--postgres"] },
  // sized by IMPORT_ORDERS (default 1,000,000)
  { name: "history import on SQLite", script: "import.ts", args: [] },
];

const startedAt = new Date();
const failed: string[] = [];
for (const run of runs) {
  console.log(`\n== ${run.name}`);
  // Each script stops itself well within this; the limit only guards against a hung child.
  const result = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, run.script), ...run.args], {
    stdio: "inherit",
    timeout: 6_000_000,
  });
  if (result.status !== 0) failed.push(`${run.name} (exit ${result.status ?? result.signal})`);
}
console.log("\n== against the targets (printed, not gated)");
for (const line of targetReport(startedAt)) console.log(`  ${line}`);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(", ")}`);
  process.exit(1);
}
