/**
 * The Node flags the server runs with, wherever it is started: `npm start`, `npm run
 * encore-server`, the first line of `bin/encore-server.js` (what `npx encore-server` runs), the
 * tests that start it as a process of its own (`support/process.ts`, `installed-server.test.ts`)
 * and the sweep benchmark's server. The scripts and the first line spell the flags out
 * (`server-flags.test.ts` holds them to this list). The other benchmarks' servers run without
 * them: their figures in docs/benchmarks.md were measured so.
 *
 * `--v8-pool-size=0`: V8's helper threads (garbage collection, compiling) number the cores less
 * one, instead of four whatever the machine. During a sweep the server keeps two threads of its
 * own busy, the event loop and the sweep thread. On two cores, four helpers at the loop's priority
 * took its core in the middle of a sweep's transaction, and every beat that came meanwhile waited
 * for both: at a million members the beats' p99 during a daily sweep was 13-17 ms with four
 * helpers and 8 ms with one (docs/benchmarks.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--v8-pool-size=0"];
