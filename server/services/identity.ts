import type { Role, TierConfig, TokenClaims } from "../../protocol/index.js";
import { tierIndexFor } from "../domain/tiers.js";
import { viewerArrival } from "../store/presence.js";
import { ensureViewer } from "../store/viewers.js";
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
}

/**
 * A viewer whose token checked out, recorded (or updated) for the shop. A token without a name
 * still has one if the shop's earlier tokens gave it: the room and the host's winners list use it
 * rather than the viewer's id.
 */
export async function admitViewer(ctx: Context, claims: TokenClaims, tiers: readonly TierConfig[]): Promise<Identity> {
  const { db } = ctx.store;
  const profile = { name: claims.name, birthday: claims.birthday, host: claims.role === "host" };
  await ensureViewer(db, claims.shop, claims.sub, profile, ctx.clock.now());
  const arrival = await viewerArrival(db, claims.shop, claims.sub);
  return {
    shopId: claims.shop,
    viewerId: claims.sub,
    role: claims.role,
    name: claims.name ?? arrival?.name ?? null,
    tier: tierIndexFor(arrival?.growth ?? 0, tiers),
    lastWatchAt: arrival?.last_watch_at ?? null,
  };
}
