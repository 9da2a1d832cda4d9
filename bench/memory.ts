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
