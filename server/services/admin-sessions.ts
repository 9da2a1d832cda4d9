import { createHash, createHmac, randomBytes } from "node:crypto";
import { type AdminSessionView, AdminTokenClaims, EncoreError, type SignInVia } from "../../protocol/index.js";
import { verifyToken } from "../auth/tokens.js";
import { DEFAULT_SESSION_POLICY, idleEnd, type SessionPolicy, sessionState } from "../domain/admin-sessions.js";
import {
  endSession,
  findSessionBySecret,
  findShopSession,
  insertSession,
  insertSignIn,
  listOpenSessions,
  touchSession,
  useSignIn,
} from "../store/admin.js";
import { isUniqueViolation } from "../store/executor.js";
import type { AdminSessionRow } from "../store/schema.js";
import { type Actor, type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { getShop, requireShop, type Shop } from "./shops.js";
import { keysAt } from "./signing-keys.js";

const secret = () => randomBytes(32).toString("base64url");
/** Secrets are kept only as this hash: a copy of the database opens no back office. */
const hashOf = (value: string) => createHash("sha256").update(value).digest("hex");

/**
 * The session's CSRF token, derived from the cookie's secret: nothing more to store, and no page
 * on another site can compute it, since it never sees the cookie.
 */
export const csrfTokenFor = (sessionSecret: string) =>
  createHmac("sha256", sessionSecret).update("encore back-office csrf").digest("base64url");

/** Where a sign-in came from, for the session list. */
export interface SignInMeta {
  userAgent: string | null;
  requestId: string | null;
}

/** A session just started: the secret goes into the cookie and nowhere else. */
export interface StartedSession {
  secret: string;
  session: AdminSessionRow;
  shop: Shop;
}

/** A request's session, checked: still open, within its idle and absolute time, of a shop that exists. */
export interface SignedIn {
  session: AdminSessionRow;
  shop: Shop;
  actor: Actor;
  csrfToken: string;
}

/**
 * `encore-server admin-link`: a one-time sign-in for the shop, valid policy.linkMs. Printing a
 * link changes nothing in the shop, so it has no audit entry; opening it does.
 */
export async function createSignInLink(
  ctx: Pick<Context, "store" | "clock">,
  shopId: string,
  options: { name?: string | undefined } = {},
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<{ secret: string; expiresAt: number }> {
  await requireShop(ctx.store.db, shopId);
  const now = ctx.clock.now();
  const link = secret();
  const expiresAt = now + policy.linkMs;
  await insertSignIn(ctx.store.db, {
    secret_hash: hashOf(link),
    shop_id: shopId,
    via: "link",
    name: options.name ?? null,
    created_at: now,
    expires_at: expiresAt,
    used_at: null,
  });
  return { secret: link, expiresAt };
}

/** The address a printed link opens: GET /v1/admin/sign-in, which lands on the back office. */
export const adminLinkUrl = (baseUrl: string, linkSecret: string) => `${baseUrl}/v1/admin/sign-in?link=${linkSecret}`;

async function startSession(
  ctx: Context,
  trx: Parameters<typeof insertSession>[0],
  start: { shopId: string; via: SignInVia; name: string | null; actor: Actor | null },
  meta: SignInMeta,
  policy: SessionPolicy,
): Promise<{ secret: string; session: AdminSessionRow }> {
  const now = ctx.clock.now();
  const id = `ses_${randomBytes(9).toString("base64url")}`;
  const cookieSecret = secret();
  const session: AdminSessionRow = {
    id,
    shop_id: start.shopId,
    secret_hash: hashOf(cookieSecret),
    via: start.via,
    name: start.name,
    actor: start.actor ?? `session:${id}`,
    user_agent: meta.userAgent?.slice(0, 200) ?? null,
    created_at: now,
    last_seen_at: now,
    expires_at: now + policy.absoluteMs,
    ended_at: null,
    ended_reason: null,
  };
  await insertSession(trx, session);
  await recordAudit(
    trx,
    start.shopId,
    { actor: start.actor ?? `session:${id}`, requestId: meta.requestId },
    {
      action: "session.sign_in",
      target: { kind: "session", id },
      before: null,
      after: { via: start.via, name: start.name, userAgent: session.user_agent, expiresAt: session.expires_at },
    },
    now,
  );
  return { secret: cookieSecret, session };
}

/** Opening a printed link: it is used up here, whether or not anything after succeeds. */
export async function signInWithLink(
  ctx: Context,
  link: string,
  meta: SignInMeta,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<StartedSession> {
  const now = ctx.clock.now();
  const started = await ctx.store.db.transaction().execute(async (trx) => {
    const signIn = await useSignIn(trx, hashOf(link), now);
    if (!signIn) {
      throw new EncoreError("link_invalid", "this sign-in link is unknown, expired or already used; print a new one");
    }
    return startSession(
      ctx,
      trx,
      { shopId: signIn.shop_id, via: "link", name: signIn.name, actor: null },
      meta,
      policy,
    );
  });
  return { ...started, shop: await requireShop(ctx.store.db, started.session.shop_id) };
}

/** A shop backend's admin token (role "admin", signed with the shop's secret), good for one session. */
export async function signInWithToken(
  ctx: Context,
  token: string,
  meta: SignInMeta,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<StartedSession> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const claims = await verifyToken(token, keysAt(db, now), now, AdminTokenClaims);
  try {
    const started = await db.transaction().execute(async (trx) => {
      await insertSignIn(trx, {
        secret_hash: hashOf(token),
        shop_id: claims.shop,
        via: "token",
        name: claims.name ?? claims.sub,
        created_at: now,
        expires_at: claims.exp * 1000,
        used_at: now,
      });
      return startSession(
        ctx,
        trx,
        { shopId: claims.shop, via: "token", name: claims.name ?? claims.sub, actor: `admin:${claims.sub}` },
        meta,
        policy,
      );
    });
    return { ...started, shop: await requireShop(db, claims.shop) };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new EncoreError("link_invalid", "this admin token was already exchanged for a session; sign a new one");
    }
    throw error;
  }
}

/**
 * The session a cookie's secret opens. Unknown or ended (signed out, revoked) is
 * `session_required`; past its idle or absolute time, `session_expired`. Reads only: the caller
 * keeps it alive once the request has passed every check.
 */
export async function authenticate(
  ctx: Context,
  cookieSecret: string,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<SignedIn> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  const session = await findSessionBySecret(db, hashOf(cookieSecret));
  if (!session) throw new EncoreError("session_required", "sign in to the back office");
  const state = sessionState(
    { lastSeenAt: session.last_seen_at, expiresAt: session.expires_at, endedAt: session.ended_at },
    now,
    policy,
  );
  if (state === "ended") throw new EncoreError("session_required", "this session has ended; sign in again");
  if (state !== "active") throw new EncoreError("session_expired", "this session has expired; sign in again");
  const shop = await getShop(db, session.shop_id);
  if (!shop) throw new EncoreError("session_required", "the session's shop no longer exists");
  return {
    session,
    shop,
    actor: `session:${session.id}`,
    csrfToken: csrfTokenFor(cookieSecret),
  };
}

/** A request was made with the session: its idle end moves. */
export async function keepAlive(ctx: Context, signedIn: SignedIn): Promise<SignedIn> {
  const now = ctx.clock.now();
  await touchSession(ctx.store.db, signedIn.session.id, now);
  return { ...signedIn, session: { ...signedIn.session, last_seen_at: now } };
}

export function sessionView(
  session: AdminSessionRow,
  currentId: string | null,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): AdminSessionView {
  const times = { lastSeenAt: session.last_seen_at, expiresAt: session.expires_at };
  return {
    id: session.id,
    via: session.via,
    name: session.name,
    userAgent: session.user_agent,
    createdAt: session.created_at,
    lastSeenAt: times.lastSeenAt,
    idleExpiresAt: idleEnd(times, policy),
    expiresAt: times.expiresAt,
    current: session.id === currentId,
  };
}

/** The shop's sessions that can still be used, newest first. */
export async function listSessions(
  ctx: Context,
  shopId: string,
  currentId: string | null,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<AdminSessionView[]> {
  const now = ctx.clock.now();
  const open = await listOpenSessions(ctx.store.db, shopId, now);
  return open
    .filter(
      (s) =>
        sessionState({ lastSeenAt: s.last_seen_at, expiresAt: s.expires_at, endedAt: s.ended_at }, now, policy) ===
        "active",
    )
    .map((s) => sessionView(s, currentId, policy));
}

async function end(
  ctx: Context,
  shopId: string,
  sessionId: string,
  reason: "signed_out" | "revoked",
  source: ChangeSource,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const session = await findShopSession(trx, shopId, sessionId);
    // another shop's session is, from this shop's side, one that does not exist
    if (!session || !(await endSession(trx, shopId, sessionId, reason, now))) {
      throw new EncoreError("not_found", `no open session ${sessionId}`);
    }
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: reason === "signed_out" ? "session.sign_out" : "session.revoke",
        target: { kind: "session", id: sessionId },
        before: { open: true, name: session.name, via: session.via },
        after: { open: false, endedReason: reason },
      },
      now,
    );
  });
}

export function signOut(ctx: Context, signedIn: SignedIn, requestId: string | null): Promise<void> {
  return end(ctx, signedIn.shop.id, signedIn.session.id, "signed_out", { actor: signedIn.actor, requestId });
}

/** Ends one of the shop's sessions (any of them, the caller's own included). */
export function revokeSession(ctx: Context, shopId: string, sessionId: string, source: ChangeSource): Promise<void> {
  return end(ctx, shopId, sessionId, "revoked", source);
}
