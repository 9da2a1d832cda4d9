import { parentPort, workerData } from "node:worker_threads";
import { CHUNK, type ChunkFormat, generateChunk, type ShopPlan, shopFrame } from "./generate.js";
import { orderCounts } from "./order-counts.js";

/**
 * Generates a bulk shop's chunks in a thread of its own, so one core makes rows while the other
 * writes them. It works ahead only as far as the writer allows (each message from it is one more
 * chunk wanted), so memory stays flat whichever side is slower.
 */
interface Job {
  plan: ShopPlan;
  orders: number;
  format: ChunkFormat;
  /** this worker makes chunks first, first + step, first + 2·step, … */
  first: number;
  step: number;
}

const { plan, orders, format, first, step } = workerData as Job;
const port = parentPort;
if (!port) throw new Error("generate-worker runs as a worker thread");
const frame = shopFrame(plan);
const perViewer = orderCounts(plan.viewers, orders, plan.seed);
const chunks = Math.ceil(plan.viewers / CHUNK);
let next = first;
let wanted = 0;
let busy = false;

const work = () => {
  if (busy) return;
  busy = true;
  while (wanted > 0 && next < chunks) {
    wanted -= 1;
    port.postMessage(generateChunk(frame, plan, perViewer, next, format));
    next += step;
  }
  busy = false;
  if (next >= chunks) port.close();
};

port.on("message", (more: number) => {
  wanted += more;
  work();
});
