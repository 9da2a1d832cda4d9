import { randomBytes } from "node:crypto";
import {
  API_KEY_PREFIX,
  type ApiKeyCreateBody,
  type ApiKeyCreated,
  type ApiKeyList,
  type ApiKeyRotateBody,
  type ApiKeyRotated,
  type ApiKeyView,
  EncoreError,
} from "../../protocol/index.js";
import { apiKeyState, apiKeyWorks, hashApiKey, keyPrefix, lastUseWorthRecording, sameHash } from "../domain/keys.js";
import {
  findApiKeyByHash,
  findShopApiKey,
  insertApiKey,
  listApiKeys,
  setApiKeyLastUsed,
  setApiKeyRevokedAt,
} from "../store/api-keys.js";
import type { Executor } from "../store/executor.js";
import type { ApiKeyRow } from "../store/schema.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";

/*
 * A shop's API keys: what its backend sends as `Authorization: Bearer`. Only a key's sha256 is
 * kept; the key is in the one answer that creates it, and nowhere after.
 */

const newId = () => `key_${randomBytes(12).toString("base64url")}`;
/** 32 random bytes: a key cannot be guessed, so its hash needs no salt or slow hashing. */
const newKey = () => `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;

export function apiKeyView(row: ApiKeyRow, now: number): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    state: apiKeyState(row.revoked_at, now),
  };
}

/** What the audit log keeps of a key: who it is, never what it is. */
const audited = (row: ApiKeyRow, now: number) => {
  const { lastUsedAt: _lastUsed, ...view } = apiKeyView(row, now);
  return view;
};

/** Stores a key the caller already holds (a shop's first secret, when the shop is made): returns its row. */
export async function addApiKey(
  db: Executor,
  shopId: string,
  name: string,
  key: string,
  now: number,
): Promise<ApiKeyRow> {
  const row: ApiKeyRow = {
    id: newId(),
    shop_id: shopId,
    name,
    prefix: keyPrefix(key),
    hash: hashApiKey(key),
    created_at: now,
    last_used_at: null,
    revoked_at: null,
  };
  await insertApiKey(db, row);
  return row;
}

/** The working key a bearer is, or undefined: unknown, revoked, or past its grace. */
export async function apiKeyFor(db: Executor, bearer: string, now: number): Promise<ApiKeyRow | undefined> {
  const hash = hashApiKey(bearer);
  const row = await findApiKeyByHash(db, hash);
  // the index found it by equality; the constant-time compare keeps the answer's timing from
  // saying how near a guess came, whatever the database compares with
  if (!row || !sameHash(row.hash, hash) || !apiKeyWorks(row.revoked_at, now)) return undefined;
  return row;
}

/** Notes that a key was used, to the minute (domain/keys.ts: a write per call would be a write per read). */
export async function noteApiKeyUsed(db: Executor, row: ApiKeyRow, now: number): Promise<void> {
  if (lastUseWorthRecording(row.last_used_at, now)) await setApiKeyLastUsed(db, row.id, now);
}

export async function listShopApiKeys(ctx: Context, shopId: string): Promise<ApiKeyList> {
  const now = ctx.clock.now();
  return { keys: (await listApiKeys(ctx.store.db, shopId)).map((row) => apiKeyView(row, now)) };
}

export async function createApiKey(
  ctx: Pick<Context, "store" | "clock">,
  shopId: string,
  body: ApiKeyCreateBody,
  source: ChangeSource,
): Promise<ApiKeyCreated> {
  const now = ctx.clock.now();
  const key = newKey();
  const row = await ctx.store.db.transaction().execute(async (trx) => {
    const row = await addApiKey(trx, shopId, body.name, key, now);
    await recordAudit(
      trx,
      shopId,
      source,
      { action: "apikey.create", target: { kind: "api_key", id: row.id }, before: null, after: audited(row, now) },
      now,
    );
    return row;
  });
  return { key: apiKeyView(row, now), secret: key };
}

/** One of this shop's keys that still works, or the refusal that says why not. */
async function requireWorkingKey(trx: Executor, shopId: string, id: string, now: number): Promise<ApiKeyRow> {
  const row = await findShopApiKey(trx, shopId, id);
  if (!row) throw new EncoreError("api_key_not_found", `no API key ${id}`);
  if (!apiKeyWorks(row.revoked_at, now)) throw new EncoreError("api_key_revoked", `API key ${id} is already revoked`);
  return row;
}

/** Stops a key at once (a key inside a rotation's grace too): the next call with it is 401. */
export async function revokeApiKey(
  ctx: Context,
  shopId: string,
  id: string,
  source: ChangeSource,
): Promise<ApiKeyView> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const before = await requireWorkingKey(trx, shopId, id, now);
    if (!(await setApiKeyRevokedAt(trx, id, now))) {
      throw new EncoreError("api_key_revoked", `API key ${id} is already revoked`);
    }
    const after = { ...before, revoked_at: now };
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "apikey.revoke",
        target: { kind: "api_key", id },
        before: audited(before, now),
        after: audited(after, now),
      },
      now,
    );
    return apiKeyView(after, now);
  });
}

/**
 * A new key in place of an old one. The old one keeps working for the grace (so the backend can
 * deploy the new key first), then stops; with no grace it stops at once.
 */
export async function rotateApiKey(
  ctx: Context,
  shopId: string,
  id: string,
  body: ApiKeyRotateBody,
  source: ChangeSource,
): Promise<ApiKeyRotated> {
  const now = ctx.clock.now();
  const key = newKey();
  const stopsAt = now + body.graceSeconds * 1000;
  return ctx.store.db.transaction().execute(async (trx) => {
    const old = await requireWorkingKey(trx, shopId, id, now);
    // a key already inside an earlier grace keeps the earlier end: a rotation never lengthens a key's life
    if (!(await setApiKeyRevokedAt(trx, id, stopsAt)) && old.revoked_at === null) {
      throw new EncoreError("api_key_revoked", `API key ${id} is already revoked`);
    }
    const previous = { ...old, revoked_at: Math.min(stopsAt, old.revoked_at ?? stopsAt) };
    const row = await addApiKey(trx, shopId, body.name ?? old.name, key, now);
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "apikey.rotate",
        target: { kind: "api_key", id },
        before: audited(old, now),
        after: { ...audited(previous, now), replacedBy: row.id },
      },
      now,
    );
    return { key: apiKeyView(row, now), secret: key, previous: apiKeyView(previous, now) };
  });
}
