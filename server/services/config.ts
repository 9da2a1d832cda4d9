import type { z } from "zod";
import { EncoreError, type FieldError, ShopConfig } from "../../protocol/index.js";
import { changedSections, mergePatch, unknownPaths } from "../domain/merge-patch.js";
import { findConfigForUpdate, updateShopConfig } from "../store/shops.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { checkConfigTemplates } from "./lifecycle/config.js";
import { parseConfig, requireShop } from "./shops.js";

/** A shop's config and the version it is at; the version makes the ETag. */
export interface VersionedConfig {
  config: ShopConfig;
  version: number;
}

export async function currentConfig(ctx: Context, shopId: string): Promise<VersionedConfig> {
  const shop = await requireShop(ctx.store.db, shopId);
  return { config: shop.config, version: shop.configVersion };
}

/** The version a write was based on: a number, any (`*`), or none given. */
export type Precondition = { kind: "version"; versions: number[] } | { kind: "any" } | { kind: "none" };

const fieldErrors = (issues: z.core.$ZodIssue[]): FieldError[] =>
  issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));

function invalid(fields: FieldError[]): EncoreError {
  return new EncoreError("bad_request", fields.map((f) => `${f.path || "config"}: ${f.message}`).join("; "), fields);
}

/**
 * Replaces the config with `next(current)`, validated whole, if `precondition` still holds; a
 * stale one is `config_conflict` and changes nothing. Written with its audit entry in one
 * transaction; a write that changes nothing writes nothing.
 */
async function writeConfig(
  ctx: Context,
  shopId: string,
  precondition: Precondition,
  source: ChangeSource,
  next: (current: ShopConfig) => unknown,
): Promise<VersionedConfig> {
  const { db, dialect } = ctx.store;
  const now = ctx.clock.now();
  return db.transaction().execute(async (trx) => {
    const row = await findConfigForUpdate(trx, dialect, shopId);
    if (!row) throw new EncoreError("shop_not_found", `no shop ${shopId}`);
    const version = row.config_version;
    if (precondition.kind === "version" && !precondition.versions.includes(version)) {
      throw new EncoreError(
        "config_conflict",
        "the config changed since it was read (If-Match names an older version): read it again and reapply the change",
      );
    }
    const current = parseConfig(row.config);
    const proposed = next(current);
    const parsed = ShopConfig.safeParse(proposed);
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues));
    const unknown = unknownPaths(proposed, parsed.data);
    if (unknown.length > 0) throw invalid(unknown.map((path) => ({ path, message: "no such setting" })));
    const change = changedSections(current as Record<string, unknown>, parsed.data as Record<string, unknown>);
    if (!change) return { config: current, version };
    // only a change to the parts that name templates checks them anew
    const changed = (key: "automations" | "repurchase" | "referrals") =>
      JSON.stringify(current[key]) !== JSON.stringify(parsed.data[key]);
    await checkConfigTemplates(trx, shopId, parsed.data, {
      automations: changed("automations"),
      repurchase: changed("repurchase"),
      referrals: changed("referrals"),
    });
    if (!(await updateShopConfig(trx, shopId, JSON.stringify(parsed.data), version))) {
      // SQLite serialises writers and Postgres locked the row above, so only a write outside
      // this function could get here; it is a conflict all the same
      throw new EncoreError("config_conflict", "the config changed while this write was made; read it again");
    }
    await recordAudit(
      trx,
      shopId,
      source,
      { action: "config.update", target: { kind: "config", id: shopId }, ...change },
      now,
    );
    return { config: parseConfig(JSON.stringify(parsed.data)), version: version + 1 };
  });
}

/** PUT /v1/config: the whole document. */
export function replaceConfig(
  ctx: Context,
  shopId: string,
  config: unknown,
  precondition: Precondition,
  source: ChangeSource,
): Promise<VersionedConfig> {
  return writeConfig(ctx, shopId, precondition, source, () => config);
}

/** PATCH /v1/config: a merge patch over the current document, which must name the version it read. */
export function patchConfig(
  ctx: Context,
  shopId: string,
  patch: Record<string, unknown>,
  precondition: Precondition,
  source: ChangeSource,
): Promise<VersionedConfig> {
  if (precondition.kind === "none") {
    throw new EncoreError(
      "if_match_required",
      "send If-Match with the ETag of GET /v1/config, so a change made meanwhile is not lost",
    );
  }
  return writeConfig(ctx, shopId, precondition, source, (current) =>
    mergePatch(JSON.parse(JSON.stringify(current)), patch),
  );
}
