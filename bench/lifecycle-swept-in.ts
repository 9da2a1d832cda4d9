import { sweepsInThread } from "../server/services/lifecycle/scheduler.js";

/**
 * Where the lifecycle bench's sweeps run: where a server sweeping on its own runs them (see
 * `sweepsInThread`), unless LIFECYCLE_SWEEP_IN
 * says `thread` or `loop`.
 */
export const sweptIn = (store: { url: string }): "thread" | "event loop" => {
  const asked = process.env.LIFECYCLE_SWEEP_IN;
  if (asked === "thread") return "thread";
  if (asked === "loop") return "event loop";
  return sweepsInThread(store) ? "thread" : "event loop";
};
