import { type ReadonlySignal, signal } from "@preact/signals";
import type { TierConfig } from "../../protocol/config.js";
import type { PlatformRoomBody, PlatformRoomView } from "../../protocol/platforms.js";
import type { RoomState } from "../../protocol/wire.js";
import type { AdminSessionModel } from "./admin-session.js";
import type { WriteAnswer } from "./catalogue-admin.js";

export interface RoomsAdminModel {
  /** the shop's rooms, oldest first; null before the first load */
  rooms: ReadonlySignal<RoomState[] | null>;
  /** the platform rooms the shop mapped, each to one of its rooms */
  platformRooms: ReadonlySignal<PlatformRoomView[] | null>;
  /** the shop's tiers, for a fan-only room's gate */
  tiers: ReadonlySignal<TierConfig[]>;
  /** what a write is under way for: a room id, a platform room as `platform.id`, or "" for a new one */
  busy: ReadonlySignal<string | null>;
  /** why the rooms could not be read, or an unmap refused, by its code */
  refusal: ReadonlySignal<string | null>;
  load(): Promise<void>;
  create(input: { id?: string; title: string }): Promise<WriteAnswer>;
  rename(roomId: string, title: string): Promise<WriteAnswer>;
  /** makes a room fan-only from a tier up (粉丝专场), or opens it to everyone again (null) */
  gate(roomId: string, minTier: string | null): Promise<WriteAnswer>;
  map(mapping: PlatformRoomBody): Promise<WriteAnswer>;
  unmap(platformRoom: Pick<PlatformRoomView, "platform" | "platformRoomId">): Promise<void>;
}

export const platformRoomKey = (room: Pick<PlatformRoomView, "platform" | "platformRoomId">) =>
  `${room.platform}.${room.platformRoomId}`;

/**
 * The shop's rooms and where the browser extension shows them: rooms created and renamed, platform
 * rooms mapped and unmapped, through the shop API's routes as the session. Each write reads both
 * lists again, so what shows is what the server holds.
 */
export function createRoomsAdmin(admin: AdminSessionModel): RoomsAdminModel {
  const rooms = signal<RoomState[] | null>(null);
  const platformRooms = signal<PlatformRoomView[] | null>(null);
  const tiers = signal<TierConfig[]>([]);
  const busy = signal<string | null>(null);
  const refusal = signal<string | null>(null);

  const load = async () => {
    const [roomList, mapped, config] = await Promise.all([
      admin.api<{ rooms: RoomState[] }>("/v1/rooms"),
      admin.api<{ platformRooms: PlatformRoomView[] }>("/v1/platform-rooms"),
      admin.api<{ tiers: TierConfig[] }>("/v1/config"),
    ]);
    if (roomList.ok) rooms.value = roomList.data.rooms;
    if (config.ok) tiers.value = config.data.tiers;
    if (mapped.ok) platformRooms.value = mapped.data.platformRooms;
    refusal.value = !roomList.ok ? roomList.code : !mapped.ok ? mapped.code : null;
  };

  const write = async (
    key: string,
    path: string,
    init: { method: "POST" | "PATCH" | "PUT" | "DELETE"; body?: unknown },
  ): Promise<WriteAnswer> => {
    busy.value = key;
    try {
      const answer = await admin.api<unknown>(path, init);
      if (!answer.ok) return { ok: false, code: answer.code, fields: answer.fields };
      await load();
      return { ok: true };
    } finally {
      busy.value = null;
    }
  };

  return {
    rooms,
    platformRooms,
    tiers,
    busy,
    refusal,
    load,
    create: (input) => write("", "/v1/rooms", { method: "POST", body: input }),
    rename: (roomId, title) =>
      write(roomId, `/v1/rooms/${encodeURIComponent(roomId)}`, { method: "PATCH", body: { title } }),
    gate: (roomId, minTier) =>
      write(roomId, `/v1/rooms/${encodeURIComponent(roomId)}`, { method: "PATCH", body: { minTier } }),
    map: (mapping) => write("", "/v1/platform-rooms", { method: "PUT", body: mapping }),
    async unmap(platformRoom) {
      refusal.value = null;
      const path = `/v1/platform-rooms/${platformRoom.platform}/${encodeURIComponent(platformRoom.platformRoomId)}`;
      const answer = await write(platformRoomKey(platformRoom), path, { method: "DELETE" });
      if (!answer.ok) refusal.value = answer.code;
    },
  };
}
