// The sweep thread's first lines. It gives up its share of the cores before anything else: the
// TypeScript it compiles on load (as bin/encore-server.js does for the server; hooks registered in
// the server's thread do not reach a worker's) is a second of work for the compiler's threads,
// which take this thread's priority, and it comes at the start of the day's sweep, while the
// room beats.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { register } from "tsx/esm/api";

/** The sweep is background work; on Linux a thread has its own nice value (/proc/thread-self names it). */
const SWEEP_THREAD_NICE = 10;
try {
  const tid = Number.parseInt(readlinkSync("/proc/thread-self").split("/").pop() ?? "", 10);
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, SWEEP_THREAD_NICE);
} catch {
  // not Linux, or not allowed: the thread keeps the process's priority
}

register();
await import("./sweep-thread.ts");
