import { randomBytes } from "node:crypto";
import { DEFAULT_CONFIG, EncoreError, FIRST_API_KEY_NAME, type RoomState, ShopConfig } from "../../protocol/index.js";
import { toRoomState } from "../adapters.js";
import { type Executor, isUniqueViolation } from "../store/executor.js";
import type { RoomRow, ShopRow } from "../store/schema.js";
import { findRoom, findShop, insertRoom, insertShop, listRooms, updateShopConfig } from "../store/shops.js";
import { addApiKey } from "./api-keys.js";
import { addSigningKey } from "./signing-keys.js";

export interface Shop {
  id: string;
  name: string;
  config: ShopConfig;
  /** bumped by every write of the config: the ETag of GET /v1/config */
  configVersion: number;
}

/**
 * Parsed configs by their stored text. A shop is read on every socket event (10,000 viewers
 * beating every 30 s are 333 reads a second), and the schema's checks, a time-zone lookup among
 * them, cost more than the query. The same text always parses to the same config; it is frozen,
 * so no caller can change what another reads. Cleared when full: a process serves few shops.
 */
const parsedConfigs = new Map<string, ShopConfig>();
const PARSED_CONFIGS_MAX = 1000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Stored configs are re-read through the schema so a newer default fills a field an older row lacks. */
export function parseConfig(text: string): ShopConfig {
  const known = parsedConfigs.get(text);
  if (known) return known;
  const stored = JSON.parse(text) as Partial<ShopConfig>;
  const config = deepFreeze(ShopConfig.parse({ ...DEFAULT_CONFIG, ...stored }));
  if (parsedConfigs.size >= PARSED_CONFIGS_MAX) parsedConfigs.clear();
  parsedConfigs.set(text, config);
  return config;
}

function toShop(row: ShopRow): Shop {
  return {
    id: row.id,
    name: row.name,
    config: parseConfig(row.config),
    configVersion: row.config_version,
  };
}

const token = (bytes: number) => randomBytes(bytes).toString("base64url");

/** A shop just made, with its secret: shown this once (`shop create` prints it), never stored as is. */
export interface CreatedShop extends Shop {
  secret: string;
}

/**
 * The one secret a new shop starts with, as every shop had before keys were split: its first
 * API key (stored hashed) and its first signing key, until the shop rotates either. Existing
 * backends, the demo, the SDK's examples and every script that holds one secret keep working.
 */
export async function addShopSecret(db: Executor, shopId: string, secret: string, now: number): Promise<void> {
  await addApiKey(db, shopId, FIRST_API_KEY_NAME, secret, now);
  await addSigningKey(db, shopId, secret, now);
}

export async function createShop(
  db: Executor,
  input: { name: string; id?: string; secret?: string },
  now: number,
): Promise<CreatedShop> {
  const shop = {
    id: input.id ?? `shop_${token(6)}`,
    name: input.name,
    secret: input.secret ?? `sk_${token(24)}`,
    config: DEFAULT_CONFIG,
    configVersion: 1,
  };
  await insertShop(db, { id: shop.id, name: shop.name, config: JSON.stringify(shop.config), created_at: now });
  await addShopSecret(db, shop.id, shop.secret, now);
  return shop;
}

export async function getShop(db: Executor, id: string): Promise<Shop | undefined> {
  const row = await findShop(db, id);
  return row ? toShop(row) : undefined;
}

export async function requireShop(db: Executor, id: string): Promise<Shop> {
  const shop = await getShop(db, id);
  if (!shop) throw new EncoreError("shop_not_found", `no shop ${id}`);
  return shop;
}

/**
 * Writes a config with no check of what it replaces and no audit entry: for seeding a shop (the
 * demo, tests, benchmarks). Changes people make go through services/config.ts.
 */
export async function saveConfig(db: Executor, shopId: string, config: ShopConfig): Promise<void> {
  await updateShopConfig(db, shopId, JSON.stringify(config));
}

export async function createRoom(
  db: Executor,
  shopId: string,
  input: { id?: string | undefined; title: string },
  now: number,
): Promise<RoomRow> {
  const room: RoomRow = {
    id: input.id ?? `room_${token(6)}`,
    shop_id: shopId,
    title: input.title,
    live: 0,
    live_started_at: null,
    created_at: now,
    min_tier: null,
  };
  if (await findRoom(db, room.id)) throw new EncoreError("room_exists", `room ${room.id} already exists`);
  try {
    await insertRoom(db, room);
  } catch (error) {
    // two requests for the same id at once: both looked, one inserted first
    if (isUniqueViolation(error)) throw new EncoreError("room_exists", `room ${room.id} already exists`);
    throw error;
  }
  return room;
}

export async function requireRoom(db: Executor, id: string): Promise<RoomRow> {
  const room = await findRoom(db, id);
  if (!room) throw new EncoreError("room_not_found", `no room ${id}`);
  return room;
}

/** A room of this shop; another shop's room is, from this shop's side, one that does not exist. */
export async function requireShopRoom(db: Executor, shopId: string, roomId: string): Promise<RoomRow> {
  const room = await findRoom(db, roomId);
  if (room?.shop_id !== shopId) throw new EncoreError("room_not_found", `no room ${roomId}`);
  return room;
}

export async function shopRooms(db: Executor, shopId: string): Promise<RoomState[]> {
  return (await listRooms(db, shopId)).map(toRoomState);
}
