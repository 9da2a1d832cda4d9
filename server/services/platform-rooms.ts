import type { z } from "zod";
import {
  EncoreError,
  type PlatformLookupQuery,
  type PlatformLookupResponse,
  type PlatformRoomBody,
  type PlatformRoomView,
} from "../../protocol/index.js";
import type { Platform } from "../../protocol/platforms.js";
import { toPlatformLookup, toPlatformRoom } from "../adapters.js";
import { needsMappedPlatforms, originAllowed } from "../domain/origins.js";
import { type Executor, isUniqueViolation } from "../store/executor.js";
import {
  deletePlatformRoom,
  findPlatformRoom,
  insertPlatformRoom,
  listPlatformRooms,
  listShopPlatforms,
  repointPlatformRoom,
} from "../store/platform-rooms.js";
import type { PlatformRoomRow } from "../store/schema.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { requireShopRoom, type Shop } from "./shops.js";

type Mapping = z.output<typeof PlatformRoomBody>;

const taken = (mapping: Mapping) =>
  new EncoreError(
    "platform_room_taken",
    `${mapping.platform} room ${mapping.platformRoomId} is already mapped by another shop`,
  );

/**
 * Maps a platform room to one of the shop's rooms, or points the shop's mapping at another of its
 * rooms. A platform room belongs to the first shop that maps it: another shop is refused, so a
 * viewer on that room never sees a stranger's program.
 */
export async function mapPlatformRoom(
  ctx: Context,
  shopId: string,
  mapping: Mapping,
  source: ChangeSource,
): Promise<PlatformRoomView> {
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const key = { platform: mapping.platform, platformRoomId: mapping.platformRoomId, shopId };
  const audit = async (trx: Executor, before: PlatformRoomRow | undefined) => {
    const after = await findPlatformRoom(trx, mapping.platform, mapping.platformRoomId);
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "platform_room.map",
        target: { kind: "platform_room", id: `${mapping.platform}.${mapping.platformRoomId}` },
        before: before ? toPlatformRoom(before) : null,
        after: after ? toPlatformRoom(after) : null,
      },
      now,
    );
  };
  try {
    await db.transaction().execute(async (trx) => {
      await requireShopRoom(trx, shopId, mapping.roomId);
      const existing = await findPlatformRoom(trx, mapping.platform, mapping.platformRoomId);
      if (existing && existing.shop_id !== shopId) throw taken(mapping);
      if (existing) await repointPlatformRoom(trx, key, mapping.roomId, now);
      else
        await insertPlatformRoom(trx, {
          platform: mapping.platform,
          platform_room_id: mapping.platformRoomId,
          shop_id: shopId,
          room_id: mapping.roomId,
          created_at: now,
          updated_at: now,
        });
      await audit(trx, existing);
    });
  } catch (error) {
    // two shops mapping the same platform room at once: the key decides; a retry of our own is a repoint
    if (!isUniqueViolation(error)) throw error;
    const winner = await findPlatformRoom(db, mapping.platform, mapping.platformRoomId);
    if (winner?.shop_id !== shopId) throw taken(mapping);
    await db.transaction().execute(async (trx) => {
      await repointPlatformRoom(trx, key, mapping.roomId, now);
      await audit(trx, winner);
    });
  }
  const row = await findPlatformRoom(db, mapping.platform, mapping.platformRoomId);
  if (!row) throw new EncoreError("internal", "the mapping vanished after it was written");
  return toPlatformRoom(row);
}

/**
 * The shop stops showing its program on a platform room: the extension shows nothing there from
 * the next lookup, and the platform's origin is admitted no longer once no room of it is mapped.
 */
export async function unmapPlatformRoom(
  ctx: Context,
  shopId: string,
  key: { platform: Platform; platformRoomId: string },
  source: ChangeSource,
): Promise<{ unmapped: true }> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const existing = await findPlatformRoom(trx, key.platform, key.platformRoomId);
    // another shop's mapping is not this shop's to see: the same answer as none at all
    if (existing?.shop_id !== shopId || !(await deletePlatformRoom(trx, { ...key, shopId })))
      throw new EncoreError("platform_room_not_found", `${key.platform} room ${key.platformRoomId} is not mapped`);
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "platform_room.unmap",
        target: { kind: "platform_room", id: `${key.platform}.${key.platformRoomId}` },
        before: toPlatformRoom(existing),
        after: null,
      },
      now,
    );
  });
  return { unmapped: true };
}

export async function shopPlatformRooms(db: Executor, shopId: string): Promise<PlatformRoomView[]> {
  return (await listPlatformRooms(db, shopId)).map(toPlatformRoom);
}

export async function lookupPlatformRoom(
  db: Executor,
  query: z.output<typeof PlatformLookupQuery>,
): Promise<PlatformLookupResponse> {
  const row = await findPlatformRoom(db, query.platform, query.id);
  if (!row) throw new EncoreError("platform_room_not_found", `${query.platform} room ${query.id} is not mapped`);
  return toPlatformLookup(row);
}

/**
 * Whether a browser page on `origin` may use this shop's sockets and browser routes: its allowed
 * origins, plus the live hosts of the platforms where it mapped a room (the extension's content
 * script speaks with the platform page's origin). The mappings are read only for a platform's origin.
 */
export async function shopAdmitsOrigin(
  db: Executor,
  shop: Pick<Shop, "id" | "config">,
  origin: string,
): Promise<boolean> {
  const { allowedOrigins } = shop.config;
  const mapped = needsMappedPlatforms(origin, allowedOrigins)
    ? ((await listShopPlatforms(db, shop.id)) as Platform[])
    : [];
  return originAllowed(origin, allowedOrigins, mapped);
}
