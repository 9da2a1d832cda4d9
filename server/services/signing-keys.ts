import { randomBytes } from "node:crypto";
import type { SigningKeyList, SigningKeyRotateBody, SigningKeyRotated, SigningKeyView } from "../../protocol/index.js";
import { keysToTry, type VerificationKey } from "../domain/keys.js";
import type { Executor } from "../store/executor.js";
import type { SigningKeyRow } from "../store/schema.js";
import { insertSigningKey, listShopKeys, listVerifyingKeys, retireCurrentKeys } from "../store/signing-keys.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";

/*
 * The key a shop's backend signs viewer and host tokens with (HS256), apart from its API keys.
 * HS256 is a shared secret: the server verifies by computing the same MAC, so it keeps the key
 * itself (a hash would verify nothing). It leaves the server only in the answer of the rotation
 * that made it; lists show the key's id and dates.
 */

const newKid = () => `sig_${randomBytes(12).toString("base64url")}`;
const newSecret = () => randomBytes(32).toString("base64url");

function toView(row: SigningKeyRow): SigningKeyView {
  return { kid: row.id, createdAt: row.created_at, verifiesUntil: row.retires_at, current: row.retires_at === null };
}

const toVerificationKey = (row: SigningKeyRow): VerificationKey => ({
  kid: row.id,
  secret: row.secret,
  retiresAt: row.retires_at,
});

/** Writes a shop's first signing key (its secret, when the shop is made): the key tokens are signed with from then on. */
export async function addSigningKey(db: Executor, shopId: string, secret: string, now: number): Promise<string> {
  const kid = newKid();
  await insertSigningKey(db, { id: kid, shop_id: shopId, secret, created_at: now, retires_at: null });
  return kid;
}

/** What verifyToken checks a token of this shop against: the keys that still verify at `now`. */
export async function verificationKeys(db: Executor, shopId: string, now: number): Promise<VerificationKey[]> {
  return (await listVerifyingKeys(db, shopId, now)).map(toVerificationKey);
}

/**
 * Every key of the shop, retired ones included, in the order listVerifyingKeys gives: what a
 * join keeps in memory (join-state.ts) and verifyToken filters by its own instant (keysToTry).
 */
export async function shopSigningKeys(db: Executor, shopId: string): Promise<VerificationKey[]> {
  return (await listShopKeys(db, shopId)).map(toVerificationKey);
}

/** verifyToken's `keysOf` for tokens checked at `now`. */
export const keysAt =
  (db: Executor, now: number) =>
  (shopId: string): Promise<VerificationKey[]> =>
    verificationKeys(db, shopId, now);

/**
 * The key a backend inside this server signs with (the demo shop's, the CLI's links): the
 * shop's current key, with its kid. Undefined for a shop without one.
 */
export async function currentSigningKey(
  db: Executor,
  shopId: string,
  now: number,
): Promise<{ kid: string; secret: string } | undefined> {
  const current = (await verificationKeys(db, shopId, now)).find((key) => key.retiresAt === null);
  return current ? { kid: current.kid, secret: current.secret } : undefined;
}

/** The keys that still verify, in the order a token without a kid is tried against them: the current one first. */
export async function listSigningKeys(ctx: Context, shopId: string): Promise<SigningKeyList> {
  const now = ctx.clock.now();
  const rows = await listVerifyingKeys(ctx.store.db, shopId, now);
  const byKid = new Map(rows.map((row) => [row.id, row]));
  const ordered = keysToTry(rows.map(toVerificationKey), undefined, now);
  return { keys: ordered.flatMap((key) => byKid.get(key.kid) ?? []).map(toView) };
}

/**
 * Makes a new key current. The one it replaces keeps verifying for the window, so tokens already
 * handed out (and sockets that reconnect with them) keep working while the backend switches;
 * sockets already connected were admitted at their handshake and are not asked again.
 */
export async function rotateSigningKey(
  ctx: Context,
  shopId: string,
  body: SigningKeyRotateBody,
  source: ChangeSource,
): Promise<SigningKeyRotated> {
  const now = ctx.clock.now();
  const until = now + body.windowSeconds * 1000;
  const row: SigningKeyRow = { id: newKid(), shop_id: shopId, secret: newSecret(), created_at: now, retires_at: null };
  const retired = await ctx.store.db.transaction().execute(async (trx) => {
    const retired = await retireCurrentKeys(trx, shopId, until);
    await insertSigningKey(trx, row);
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "signingkey.rotate",
        target: { kind: "signing_key", id: row.id },
        before: retired[0] ? { kid: retired[0].id, current: true } : null,
        // the audit log names keys, never holds them
        after: { kid: row.id, current: true, previousVerifiesUntil: until },
      },
      now,
    );
    return retired;
  });
  const previous = retired[0];
  return { key: toView(row), secret: row.secret, previous: previous ? toView(previous) : null };
}
