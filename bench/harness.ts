/**
 * What every load benchmark shares: child processes spoken to over IPC, percentiles, the
 * results folder, a wall clock comparable across processes, and a fresh Postgres database.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshDatabase } from "../support/postgres.js";

export const benchDir = dirname(fileURLToPath(import.meta.url));

/** Starts a bench script in its own process, speaking IPC, with tsx loaded. */
export function spawn(file: string, extraFlags: string[] = [], args: string[] = []): ChildProcess {
  return fork(join(benchDir, file), args, { execArgv: [...extraFlags, "--import", "tsx"], stdio: "inherit" });
}

/** The next message from a child that satisfies `accept`. */
export function nextMessage<T>(child: ChildProcess, accept: (message: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!accept(message as T)) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`a bench process exited with ${code}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Sends a request and waits for the next message satisfying `accept`. */
export function ask<T>(child: ChildProcess, request: object, accept?: (message: T) => boolean): Promise<T> {
  const answer = nextMessage<T>(child, accept);
  child.send(request);
  return answer;
}

/** Asks a child to finish and waits for it to go, killing it if it does not within a few seconds. */
export function stop(child: ChildProcess, request: object): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.send(request);
  });
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
export const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Milliseconds since the epoch with sub-millisecond resolution. Each process anchors its
 * monotonic clock to the system clock at start, so stamps from processes on one machine
 * compare to within a fraction of a millisecond.
 */
export const wallNow = () => performance.timeOrigin + performance.now();

/** The machine's 1-minute load average: other work on a shared machine shows here. */
export const machineLoad = () => round(loadavg()[0] ?? 0);

/** Exits the whole run after `ms`, whatever happened: a benchmark always stops by itself. */
export function limitRun(name: string, ms: number): void {
  const limit = setTimeout(() => {
    console.error(`${name} stopped after ${ms / 1000} s`);
    process.exit(2);
  }, ms);
  limit.unref();
}

export function option(argv: string[], name: string): number | undefined {
  const at = argv.indexOf(name);
  if (at === -1) return undefined;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes a whole number`);
  return n;
}

/** Writes bench/results/<name>.json with the machine's description beside the figures. */
export function writeResult(name: string, body: object): string {
  const out = join(benchDir, "results", `${name}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const header = { at: new Date().toISOString(), node: process.version, cpus: cpus().length };
  writeFileSync(out, `${JSON.stringify({ ...header, ...body }, null, 2)}\n`);
  return out;
}

/**
 * A fresh database on the Postgres server `adminUrl` points at (a role that may create
 * databases), dropped again by `drop`, so a run never meets an earlier run's rows.
 */
export function freshPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  return freshDatabase(adminUrl, "encore_bench");
}
