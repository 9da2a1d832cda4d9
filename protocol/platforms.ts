import { z } from "zod";

/**
 * The live platforms the browser extension brings Encore to, and what a room id looks like on
 * each: the server validates a shop's mappings with these, and the extension's adapters
 * (extension/platforms.ts) read ids of the same shape off the platform's pages. Pure data.
 *
 * `caseless`: the platform treats the id as case-insensitive (a login or a handle), so it is
 * stored and looked up lower-cased and a viewer typing the URL in capitals lands in the same room.
 */
export const PLATFORMS = {
  douyin: { id: /^\d{1,24}$/, caseless: false },
  taobao: { id: /^\d{1,24}$/, caseless: false },
  tiktok: { id: /^[a-z0-9_.]{2,24}$/, caseless: true },
  kuaishou: { id: /^[A-Za-z0-9_-]{1,40}$/, caseless: false },
  youtube: { id: /^[A-Za-z0-9_-]{11}$/, caseless: false },
  twitch: { id: /^[a-z0-9_]{3,25}$/, caseless: true },
  bilibili: { id: /^\d{1,12}$/, caseless: false },
} as const satisfies Record<string, { id: RegExp; caseless: boolean }>;

export type Platform = keyof typeof PLATFORMS;
export const PLATFORM_NAMES = Object.keys(PLATFORMS) as Platform[];

export const PlatformName = z.enum(PLATFORM_NAMES as [Platform, ...Platform[]]);

/** A platform room id as the platform spells it, in the one form stored and looked up. */
export function normalPlatformRoomId(platform: Platform, id: string): string {
  return PLATFORMS[platform].caseless ? id.toLowerCase() : id;
}

export function isPlatformRoomId(platform: Platform, id: string): boolean {
  return PLATFORMS[platform].id.test(normalPlatformRoomId(platform, id));
}

/** Normalises `field` to the stored form, or refuses it as not that platform's id shape. */
function platformRoomId<T extends { platform: Platform }, K extends keyof T & string>(field: K) {
  return (value: T, ctx: z.RefinementCtx): T => {
    const id = normalPlatformRoomId(value.platform, String(value[field]).trim());
    if (!isPlatformRoomId(value.platform, id)) {
      ctx.addIssue({ code: "custom", path: [field], message: `not a ${value.platform} room id` });
      return z.NEVER;
    }
    return { ...value, [field]: id };
  };
}

const RoomIdText = z.string().min(1).max(64);

/** PUT /v1/platform-rooms: this platform room shows this Encore room (one Encore room per platform room). */
export const PlatformRoomBody = z
  .object({ platform: PlatformName, platformRoomId: RoomIdText, roomId: RoomIdText })
  .strict()
  .transform(platformRoomId("platformRoomId"));
export type PlatformRoomBody = z.input<typeof PlatformRoomBody>;

export const PlatformRoomView = z.object({
  platform: PlatformName,
  platformRoomId: z.string(),
  roomId: z.string(),
  updatedAt: z.number().int(),
});
export type PlatformRoomView = z.infer<typeof PlatformRoomView>;

export const PlatformRoomList = z.object({ platformRooms: z.array(PlatformRoomView) });

/** GET /v1/platform-rooms/lookup?platform=…&id=…: what the extension asks on a platform's live room. */
export const PlatformLookupQuery = z
  .object({ platform: PlatformName, id: RoomIdText })
  .strict()
  .transform(platformRoomId("id"));

/** Only the mapping: which shop's which room a platform room shows. */
export const PlatformLookupResponse = z.object({ shopId: z.string(), roomId: z.string() });
export type PlatformLookupResponse = z.infer<typeof PlatformLookupResponse>;
