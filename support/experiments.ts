import { type ExperimentView, HostEvent } from "../protocol/index.js";
import { call, type TestSocket } from "./server.js";

/** A watch-rate experiment started from the host's console: arms of 20 and 40 points a block. */
export async function startWatchRateExperiment(host: TestSocket): Promise<ExperimentView> {
  const started = await call(host, HostEvent.experimentStart, {
    name: "watch rate",
    incentive: "watch_rate",
    arms: [
      { key: "twenty", pointsPerBlock: 20 },
      { key: "forty", pointsPerBlock: 40 },
    ],
  });
  if (!started.ok) throw new Error(started.error.code);
  return started.data;
}
