import type { Executor } from "./executor.js";
import type { CampaignRow } from "./schema.js";

/** A shop's campaigns, oldest first. */
export async function listCampaignRows(db: Executor, shopId: string): Promise<CampaignRow[]> {
  return campaignRowsQuery(db, shopId).execute();
}

/** The shop's campaigns, oldest first, as a query a caller may send with others. */
export function campaignRowsQuery(db: Executor, shopId: string) {
  return db.selectFrom("campaigns").selectAll().where("shop_id", "=", shopId).orderBy("created_at").orderBy("id");
}

export async function findCampaignRow(db: Executor, shopId: string, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom("campaigns").selectAll().where("shop_id", "=", shopId).where("id", "=", id).executeTakeFirst();
}

export async function insertCampaignRow(db: Executor, row: CampaignRow): Promise<void> {
  await db.insertInto("campaigns").values(row).execute();
}

export async function updateCampaignRow(
  db: Executor,
  shopId: string,
  id: string,
  definition: string,
  now: number,
): Promise<void> {
  await db
    .updateTable("campaigns")
    .set({ definition, updated_at: now })
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .execute();
}

export async function deleteCampaignRow(db: Executor, shopId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("campaigns").where("shop_id", "=", shopId).where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
