import type { Role, TierConfig, TokenClaims } from "../../protocol/index.js";
import { tierIndexFor } from "../domain/tiers.js";
import { viewerArrival } from "../store/presence.js";
import { arrivalWritesOf } from "./arrival-writes.js";
import type { Context } from "./context.js";

/** Who is behind a socket once their token checked out; guests have none. */
export interface Identity {
  shopId: string;
  viewerId: string;
  role: Role;
  name: string | null;
  /**
   * the viewer's tier (index into the shop's tiers) as of the join, kept current by tier changes:
   * what the room's comment batches carry beside the name, so no comment reads the database
   */
  tier: number;
  /** the last verified watching before this visit, or null if never: "returning after a month" */
  lastWatchAt: number | null;
  /** "MM-DD" as stored once admitted: the join's birthday check reads nothing outside that week */
  birthday: string | null;
}

/**
 * A viewer whose token checked out, recorded (or updated) for the shop. A token without a name
 * still has one if the shop's earlier tokens gave it: the room and the host's winners list use it
 * rather than the viewer's id. The viewer is read first and written only when they are new or the
 * token says something new of them: a returning viewer's join writes nothing, and new ones are
 * written a group at a time.
 */
export async function admitViewer(ctx: Context, claims: TokenClaims, tiers: readonly TierConfig[]): Promise<Identity> {
  const { db } = ctx.store;
  const profile = { name: claims.name, birthday: claims.birthday, host: claims.role === "host" };
  const known = await viewerArrival(db, ctx.store.dialect, claims.shop, claims.sub);
  // written with the other joins of the moment, in one statement (services/arrival-writes.ts)
  if (!known || tellsNew(known, profile))
    await arrivalWritesOf(ctx.store).record({
      shopId: claims.shop,
      viewerId: claims.sub,
      profile,
      now: ctx.clock.now(),
    });
  // a viewer first heard of here starts at nothing (one an order created a moment ago gets
  // their tier with the next tier change, as every viewer in the room does)
  return {
    shopId: claims.shop,
    viewerId: claims.sub,
    role: claims.role,
    name: claims.name ?? known?.name ?? null,
    tier: tierIndexFor(known?.growth ?? 0, tiers),
    lastWatchAt: known?.last_watch_at ?? null,
    // what ensureViewer keeps: the token's birthday when it carries one, else the stored one
    birthday: claims.birthday ?? known?.birthday ?? null,
  };
}

/** Whether the token's profile changes what is stored (ensureViewer writes only what it carries). */
function tellsNew(
  known: { name: string | null; birthday: string | null; is_host: number },
  profile: { name?: string | undefined; birthday?: string | undefined; host: boolean },
): boolean {
  return (
    (profile.name !== undefined && profile.name !== known.name) ||
    (profile.birthday !== undefined && profile.birthday !== known.birthday) ||
    (profile.host && known.is_host !== 1)
  );
}
