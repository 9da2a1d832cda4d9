import { sql } from "kysely";
import type { Executor } from "./executor.js";
import { type Numeric, numeric } from "./numbers.js";
import type { ExperimentRow } from "./schema.js";

export async function insertExperiment(db: Executor, row: ExperimentRow): Promise<void> {
  await db.insertInto("experiments").values(row).execute();
}

export async function findExperiment(db: Executor, shopId: string, id: string): Promise<ExperimentRow | undefined> {
  return db.selectFrom("experiments").selectAll().where("shop_id", "=", shopId).where("id", "=", id).executeTakeFirst();
}

export async function listExperiments(db: Executor, shopId: string): Promise<ExperimentRow[]> {
  return db
    .selectFrom("experiments")
    .selectAll()
    .where("shop_id", "=", shopId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

export async function runningExperiment(
  db: Executor,
  shopId: string,
  incentive: string,
): Promise<ExperimentRow | undefined> {
  return runningExperimentQuery(db, shopId, incentive).executeTakeFirst();
}

/** The shop's running experiment on an incentive (none or one row), as a query to send with others. */
export function runningExperimentQuery(db: Executor, shopId: string, incentive: string) {
  return db
    .selectFrom("experiments")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("incentive", "=", incentive)
    .where("status", "=", "running");
}

export async function stopExperiment(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable("experiments").set({ status: "stopped", stopped_at: now }).where("id", "=", id).execute();
}

/** Records each viewer's arm the first time; later exposures keep the first. */
export async function recordExposures(
  db: Executor,
  exposures: { experimentId: string; shopId: string; viewerId: string; arm: string; at: number }[],
): Promise<void> {
  for (const insert of exposureInserts(db, exposures)) await insert.execute();
}

/** `recordExposures`' statements, unexecuted, for a caller that sends them with other writes. */
export function exposureInserts(
  db: Executor,
  exposures: { experimentId: string; shopId: string; viewerId: string; arm: string; at: number }[],
) {
  const inserts = [];
  for (let i = 0; i < exposures.length; i += 200) {
    inserts.push(
      db
        .insertInto("experiment_exposures")
        .values(
          exposures.slice(i, i + 200).map((e) => ({
            experiment_id: e.experimentId,
            shop_id: e.shopId,
            viewer_id: e.viewerId,
            arm: e.arm,
            exposed_at: e.at,
          })),
        )
        .onConflict((oc) => oc.columns(["experiment_id", "viewer_id"]).doNothing()),
    );
  }
  return inserts;
}

export interface ArmCounts {
  arm: string;
  exposed: number;
  claimed: number;
  redeemed: number;
  orders: number;
  revenue: number;
}

/**
 * Per arm, what its viewers did in `window` ms after their first exposure: coupons issued,
 * coupons redeemed, orders kept (not refunded) and what they paid. Two grouped queries.
 */
export async function armCounts(db: Executor, experimentId: string, window: number): Promise<ArmCounts[]> {
  const people = await db
    .selectFrom("experiment_exposures as e")
    .where("e.experiment_id", "=", experimentId)
    .select((eb) => [
      "e.arm",
      sql<Numeric>`cast(count(*) as bigint)`.as("exposed"),
      eb.fn
        .sum<Numeric>(
          eb
            .case()
            .when(
              eb.exists(
                eb
                  .selectFrom("coupons as c")
                  .select("c.code")
                  .whereRef("c.shop_id", "=", "e.shop_id")
                  .whereRef("c.viewer_id", "=", "e.viewer_id")
                  .whereRef("c.issued_at", ">=", "e.exposed_at")
                  .where("c.issued_at", "<", sql<number>`e.exposed_at + ${window}`),
              ),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as("claimed"),
      eb.fn
        .sum<Numeric>(
          eb
            .case()
            .when(
              eb.exists(
                eb
                  .selectFrom("redemptions as r")
                  .select("r.order_id")
                  .whereRef("r.shop_id", "=", "e.shop_id")
                  .whereRef("r.viewer_id", "=", "e.viewer_id")
                  .where("r.reversed_at", "is", null)
                  .whereRef("r.created_at", ">=", "e.exposed_at")
                  .where("r.created_at", "<", sql<number>`e.exposed_at + ${window}`),
              ),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as("redeemed"),
    ])
    .groupBy("e.arm")
    .execute();
  const bought = await db
    .selectFrom("experiment_exposures as e")
    .innerJoin("orders as o", (join) =>
      join
        .onRef("o.shop_id", "=", "e.shop_id")
        .onRef("o.viewer_id", "=", "e.viewer_id")
        .onRef("o.paid_at", ">=", "e.exposed_at")
        .on("o.paid_at", "<", sql<number>`e.exposed_at + ${window}`)
        .on("o.refunded_at", "is", null),
    )
    .where("e.experiment_id", "=", experimentId)
    .select([
      "e.arm",
      sql<Numeric>`cast(count(*) as bigint)`.as("orders"),
      sql<Numeric>`cast(sum(o.paid) as bigint)`.as("revenue"),
    ])
    .groupBy("e.arm")
    .execute();
  const orders = new Map(bought.map((b) => [b.arm, numeric(b, "orders", "revenue")]));
  return people.map((p) => ({
    arm: p.arm,
    ...numeric(p, "exposed", "claimed", "redeemed"),
    orders: orders.get(p.arm)?.orders ?? 0,
    revenue: orders.get(p.arm)?.revenue ?? 0,
  }));
}
