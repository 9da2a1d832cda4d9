import { createHash } from "node:crypto";
import { HOLDOUT_ARM } from "../../protocol/index.js";

/**
 * A viewer's place in an experiment, in [0, 1): the first 48 bits of sha256(experiment:viewer).
 * The same viewer gets the same arm on every device and node, with nothing stored to agree on.
 */
export function bucketOf(experimentId: string, viewerId: string): number {
  const digest = createHash("sha256").update(`${experimentId}:${viewerId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The arm for a bucket: the first `holdoutPercent` of the range is the holdout, the rest is
 * split evenly among the arms in their order.
 */
export function armFor(bucket: number, arms: readonly string[], holdoutPercent: number): string {
  const holdout = holdoutPercent / 100;
  if (bucket < holdout) return HOLDOUT_ARM;
  const share = (bucket - holdout) / (1 - holdout);
  return arms[Math.min(arms.length - 1, Math.floor(share * arms.length))] as string;
}

export function assignArm(
  experiment: { id: string; arms: readonly { key: string }[]; holdoutPercent: number },
  viewerId: string,
): string {
  return armFor(
    bucketOf(experiment.id, viewerId),
    experiment.arms.map((a) => a.key),
    experiment.holdoutPercent,
  );
}

/** The outcome window after a viewer's first exposure. */
export const RESULT_WINDOW_MS = 30 * 24 * 3600_000;
