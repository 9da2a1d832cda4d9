import { readFileSync } from "node:fs";

/**
 * The calling thread's own CPU time in nanoseconds (Linux: the first field of
 * /proc/thread-self/schedstat), or null elsewhere. `process.cpuUsage()` sums every thread of the
 * process, so it cannot tell the server's event loop from a sweep thread beside it.
 */
export function threadCpuNs(): number | null {
  try {
    return Number.parseInt(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0] ?? "0", 10);
  } catch {
    return null;
  }
}
