import type { AuditAction } from "../../protocol/index.js";
import type { Executor } from "./executor.js";
import type { AuditRow, NewAuditRow } from "./schema.js";

export async function insertAudit(db: Executor, row: NewAuditRow): Promise<void> {
  await db.insertInto("audit_log").values(row).execute();
}

export interface AuditFilter {
  action?: AuditAction | undefined;
  targetKind?: string | undefined;
  targetId?: string | undefined;
  actor?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** only entries older than this id (the previous page's last) */
  beforeId?: number | undefined;
  limit: number;
}

/** One shop's entries, newest first, by the filter. */
export async function listAudit(db: Executor, shopId: string, filter: AuditFilter): Promise<AuditRow[]> {
  let query = db.selectFrom("audit_log").selectAll().where("shop_id", "=", shopId);
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.targetKind) query = query.where("target_kind", "=", filter.targetKind);
  if (filter.targetId) query = query.where("target_id", "=", filter.targetId);
  if (filter.actor) query = query.where("actor", "=", filter.actor);
  if (filter.from !== undefined) query = query.where("at", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("at", "<", filter.to);
  if (filter.beforeId !== undefined) query = query.where("id", "<", filter.beforeId);
  return query.orderBy("id", "desc").limit(filter.limit).execute();
}
