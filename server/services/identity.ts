import type { Role, TokenClaims } from "../../protocol/index.js";
import { ensureViewer, findViewer } from "../store/viewers.js";
import type { Context } from "./context.js";

/** Who is behind a socket once their token checked out; guests have none. */
export interface Identity {
  shopId: string;
  viewerId: string;
  role: Role;
  name: string | null;
}

/**
 * A viewer whose token checked out, recorded (or updated) for the shop. A token without a name
 * still has one if the shop's earlier tokens gave it: the room and the host's winners list use it
 * rather than the viewer's id.
 */
export async function admitViewer(ctx: Context, claims: TokenClaims): Promise<Identity> {
  const { db } = ctx.store;
  const profile = { name: claims.name, birthday: claims.birthday, host: claims.role === "host" };
  await ensureViewer(db, claims.shop, claims.sub, profile, ctx.clock.now());
  const name = claims.name ?? (await findViewer(db, claims.shop, claims.sub))?.name ?? null;
  return { shopId: claims.shop, viewerId: claims.sub, role: claims.role, name };
}
