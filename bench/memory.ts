import { readFileSync } from "node:fs";

/**
 * A bench process's memory as the kernel counts it: VmRSS (resident now) or VmHWM (its peak).
 * Its own module, free of imports, so the bare `ws` baseline server carries nothing more for it.
 */
export function processMemory(field: "VmHWM" | "VmRSS"): number {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/**
 * What a baseline server reports when asked for its usage: a full collection first (the process
 * runs with --expose-gc), then the CPU it has used so far and its resident memory.
 */
export function collectedUsage(sockets: number) {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  return { kind: "usage" as const, cpuMicros: cpu.user + cpu.system, rss: processMemory("VmRSS"), sockets };
}
