import { randomBytes } from "node:crypto";
import {
  type ArmResult,
  EncoreError,
  type ExperimentArm,
  type ExperimentInput,
  type ExperimentView,
  HOLDOUT_ARM,
  type Incentive,
  type RateComparison,
} from "../../protocol/index.js";
import { toExperimentView } from "../adapters.js";
import { assignArm, RESULT_WINDOW_MS } from "../domain/experiments.js";
import { twoProportionTest, verdictOf } from "../domain/stats.js";
import { findTemplate } from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import {
  type ArmCounts,
  armCounts,
  findExperiment,
  insertExperiment,
  listExperiments,
  stopExperiment as markStopped,
  recordExposures,
  runningExperiment,
} from "../store/experiments.js";
import type { ExperimentRow } from "../store/schema.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

type ParsedInput = ReturnType<typeof ExperimentInput.parse>;

/**
 * Starts an experiment. Coupon incentives need a live template on every arm, the watch rate
 * a points-per-block on every arm; one running experiment per incentive, so an incentive is
 * never decided by two experiments at once.
 */
export async function startExperiment(ctx: Context, shop: Shop, input: ParsedInput): Promise<ExperimentView> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    for (const arm of input.arms) await checkArm(trx, shop.id, input.incentive, arm);
    if (await runningExperiment(trx, shop.id, input.incentive)) {
      throw new EncoreError("experiment_conflict", `an experiment on ${input.incentive} is already running`);
    }
    const row: ExperimentRow = {
      id: `exp_${randomBytes(6).toString("base64url")}`,
      shop_id: shop.id,
      name: input.name,
      incentive: input.incentive,
      arms: JSON.stringify(input.arms),
      holdout_percent: input.holdoutPercent,
      min_sample: input.minSample,
      status: "running",
      created_at: now,
      stopped_at: null,
    };
    await insertExperiment(trx, row);
    return viewOf(trx, row);
  });
}

async function checkArm(db: Executor, shopId: string, incentive: Incentive, arm: ExperimentArm): Promise<void> {
  if (incentive === "watch_rate") {
    if (arm.pointsPerBlock === undefined || arm.templateId !== undefined) {
      throw new EncoreError("experiment_invalid", `arm ${arm.key}: the watch rate takes pointsPerBlock only`);
    }
    return;
  }
  if (arm.templateId === undefined || arm.pointsPerBlock !== undefined) {
    throw new EncoreError("experiment_invalid", `arm ${arm.key}: a coupon incentive takes templateId only`);
  }
  const template = await findTemplate(db, shopId, arm.templateId);
  if (!template) throw new EncoreError("template_not_found", `no coupon template ${arm.templateId}`);
  if (template.active !== 1) throw new EncoreError("template_paused", `coupon template ${arm.templateId} is paused`);
}

/** Stops assigning; the experiment, its exposures and its results stay. Stopping twice is the same as once. */
export async function stopExperiment(ctx: Context, shop: Shop, id: string): Promise<ExperimentView> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await findExperiment(trx, shop.id, id);
    if (!row) throw new EncoreError("experiment_not_found", `no experiment ${id}`);
    if (row.status === "running") await markStopped(trx, id, now);
    return viewOf(trx, { ...row, status: "stopped", stopped_at: row.stopped_at ?? now });
  });
}

export async function experimentViews(db: Executor, shopId: string): Promise<ExperimentView[]> {
  const rows = await listExperiments(db, shopId);
  return Promise.all(rows.map((row) => viewOf(db, row)));
}

export async function experimentView(db: Executor, shopId: string, id: string): Promise<ExperimentView> {
  const row = await findExperiment(db, shopId, id);
  if (!row) throw new EncoreError("experiment_not_found", `no experiment ${id}`);
  return viewOf(db, row);
}

async function viewOf(db: Executor, row: ExperimentRow): Promise<ExperimentView> {
  const arms = JSON.parse(row.arms) as ExperimentArm[];
  const keys = [...arms.map((a) => a.key), ...(row.holdout_percent > 0 ? [HOLDOUT_ARM] : [])];
  const counts = new Map((await armCounts(db, row.id, RESULT_WINDOW_MS)).map((c) => [c.arm, c]));
  const results = keys.map((key) => resultOf(counts.get(key) ?? emptyCounts(key)));
  return toExperimentView(row, results, compare(results, row.min_sample));
}

const emptyCounts = (arm: string): ArmCounts => ({ arm, exposed: 0, claimed: 0, redeemed: 0, orders: 0, revenue: 0 });

const ratio = (x: number, n: number) => (n === 0 ? 0 : x / n);

export function resultOf(c: ArmCounts): ArmResult {
  return {
    ...c,
    claimRate: ratio(c.claimed, c.exposed),
    redemptionRate: ratio(c.redeemed, c.exposed),
    ordersPerViewer: ratio(c.orders, c.exposed),
    revenuePerViewer: ratio(c.revenue, c.exposed),
  };
}

/** Every other arm (and the holdout) against the first arm, on claim and redemption rates. */
export function compare(results: ArmResult[], minSample: number): RateComparison[] {
  const [control, ...others] = results;
  if (!control) return [];
  const out: RateComparison[] = [];
  for (const arm of others) {
    for (const metric of ["claim", "redemption"] as const) {
      const x1 = metric === "claim" ? control.claimed : control.redeemed;
      const x2 = metric === "claim" ? arm.claimed : arm.redeemed;
      const sides = [
        { x: x1, n: control.exposed },
        { x: x2, n: arm.exposed },
      ];
      if (control.exposed === 0 || arm.exposed === 0) {
        out.push({
          arm: arm.arm,
          against: control.arm,
          metric,
          diff: 0,
          low: 0,
          high: 0,
          z: 0,
          pValue: 1,
          verdict: "not_enough_data",
        });
        continue;
      }
      const test = twoProportionTest(x1, control.exposed, x2, arm.exposed);
      out.push({ arm: arm.arm, against: control.arm, metric, ...test, verdict: verdictOf(test, sides, minSample) });
    }
  }
  return out;
}

/** The arm a running experiment gives this viewer for an incentive; `arm` is null for the holdout. */
export interface AppliedArm {
  experimentId: string;
  key: string;
  arm: ExperimentArm | null;
}

/**
 * The seam where an incentive is decided: which arm, if an experiment on it is running.
 * Deciding records nothing; `expose` does, once the incentive was actually applied.
 */
export async function armFor(
  db: Executor,
  shopId: string,
  incentive: Incentive,
  viewerId: string,
): Promise<AppliedArm | null> {
  return (await armsFor(db, shopId, incentive, [viewerId])).get(viewerId) ?? null;
}

export async function expose(
  db: Executor,
  shopId: string,
  viewerId: string,
  applied: AppliedArm,
  now: number,
): Promise<void> {
  await exposeAll(db, shopId, new Map([[viewerId, applied]]), now);
}

/** `armFor` for many viewers with one look at the running experiment; an empty map when none runs. */
export async function armsFor(
  db: Executor,
  shopId: string,
  incentive: Incentive,
  viewerIds: string[],
): Promise<Map<string, AppliedArm>> {
  return armsFrom(await runningExperiment(db, shopId, incentive), viewerIds);
}

/** Each viewer's arm of an experiment the caller read (perhaps with its other reads); none running: empty. */
export function armsFrom(row: ExperimentRow | undefined, viewerIds: string[]): Map<string, AppliedArm> {
  const applied = new Map<string, AppliedArm>();
  if (!row) return applied;
  const arms = JSON.parse(row.arms) as ExperimentArm[];
  const experiment = { id: row.id, arms, holdoutPercent: row.holdout_percent };
  for (const viewerId of viewerIds) {
    const key = assignArm(experiment, viewerId);
    applied.set(viewerId, { experimentId: row.id, key, arm: arms.find((a) => a.key === key) ?? null });
  }
  return applied;
}

/** The coupon templates an experiment's arms give (none running: none). */
export function armTemplateIds(row: ExperimentRow | undefined): string[] {
  if (!row) return [];
  return (JSON.parse(row.arms) as ExperimentArm[]).flatMap((arm) => (arm.templateId ? [arm.templateId] : []));
}

/** Records each viewer's exposure (the first one counts), in one statement. */
export async function exposeAll(
  db: Executor,
  shopId: string,
  applied: Map<string, AppliedArm>,
  now: number,
): Promise<void> {
  await recordExposures(db, exposuresOf(shopId, applied, now));
}

/** The exposure rows of applied arms, for a caller that writes them with its other writes. */
export function exposuresOf(shopId: string, applied: Map<string, AppliedArm>, now: number) {
  return [...applied].map(([viewerId, arm]) => ({
    experimentId: arm.experimentId,
    shopId,
    viewerId,
    arm: arm.key,
    at: now,
  }));
}
