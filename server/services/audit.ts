import type { AuditAction, AuditEntry, AuditPage, AuditQuery } from "../../protocol/index.js";
import { insertAudit, listAudit } from "../store/audit.js";
import type { Executor } from "../store/executor.js";
import type { AuditRow } from "../store/schema.js";
import type { Context } from "./context.js";

/**
 * Who made a change, as the audit log names them: the shop's API key, the command line, a
 * back-office session, a shop's admin token (at sign-in), or a host in the live console.
 */
export type Actor = "api" | "cli" | `session:${string}` | `admin:${string}` | `host:${string}`;

/** Who is asking, and which request: every service that changes something is given one. */
export interface ChangeSource {
  actor: Actor;
  /** the HTTP request's id, to find the request in the logs; null outside a request */
  requestId: string | null;
}

export interface AuditChange {
  action: AuditAction;
  target: { kind: string; id: string };
  /** the target as it was; null when it did not exist */
  before: unknown;
  /** the target as it is now; null when it is gone */
  after: unknown;
}

/**
 * Records a change in the audit log. Call it inside the transaction that makes the change, so
 * the entry exists exactly when the change does.
 */
export async function recordAudit(
  trx: Executor,
  shopId: string,
  source: ChangeSource,
  change: AuditChange,
  now: number,
): Promise<void> {
  await insertAudit(trx, {
    shop_id: shopId,
    at: now,
    actor: source.actor,
    action: change.action,
    target_kind: change.target.kind,
    target_id: change.target.id,
    before: change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
    request_id: source.requestId,
  });
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: { kind: row.target_kind, id: row.target_id },
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
    requestId: row.request_id,
  };
}

/** One page of a shop's audit log, newest first; the cursor is the last entry's id. */
export async function readAudit(ctx: Context, shopId: string, query: AuditQuery): Promise<AuditPage> {
  const [targetKind, targetId] = query.target?.split(/:(.*)/s) ?? [];
  // one more than asked tells whether another page follows
  const rows = await listAudit(ctx.store.db, shopId, {
    action: query.action,
    targetKind,
    targetId: targetId || undefined,
    actor: query.actor,
    from: query.from,
    to: query.to,
    beforeId: query.cursor,
    limit: query.limit + 1,
  });
  const entries = rows.slice(0, query.limit).map(toEntry);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > query.limit && last ? String(last.id) : null };
}

/** Changes made by the command line or a seed script (the demo's, a benchmark's, a test's setup). */
export const COMMAND_LINE: ChangeSource = { actor: "cli", requestId: null };
