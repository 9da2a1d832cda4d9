import { z } from "zod";

/**
 * The live platforms the browser extension brings Encore to, and what a room id looks like on
 * each: the server validates a shop's mappings with these, and the extension's adapters
 * (extension/platforms.ts) read ids of the same shape off the platform's pages. Pure data.
 *
 * `caseless`: the platform treats the id as case-insensitive (a login or a handle), so it is
 * stored and looked up lower-cased and a viewer typing the URL in capitals lands in the same room.
 *
 * `hosts`: where its live rooms are (always over https). The extension's content script runs on
 * these and nowhere else, so its requests carry one of these origins: the server admits them for
 * a shop that mapped a room on the platform. One list for both, so they cannot drift apart.
 */
export const PLATFORMS = {
  douyin: { id: /^\d{1,24}$/, caseless: false, hosts: ["live.douyin.com"] },
  taobao: { id: /^\d{1,24}$/, caseless: false, hosts: ["tbzb.taobao.com"] },
  tiktok: { id: /^[a-z0-9_.]{2,24}$/, caseless: true, hosts: ["www.tiktok.com"] },
  kuaishou: { id: /^[A-Za-z0-9_-]{1,40}$/, caseless: false, hosts: ["live.kuaishou.com"] },
  youtube: { id: /^[A-Za-z0-9_-]{11}$/, caseless: false, hosts: ["www.youtube.com"] },
  twitch: { id: /^[a-z0-9_]{3,25}$/, caseless: true, hosts: ["www.twitch.tv"] },
  bilibili: { id: /^\d{1,12}$/, caseless: false, hosts: ["live.bilibili.com"] },
} as const satisfies Record<string, { id: RegExp; caseless: boolean; hosts: readonly string[] }>;

export type Platform = keyof typeof PLATFORMS;

/**
 * A platform room's public page, by its stored id: where a go-live notification sends the viewer.
 * The extension's adapters (extension/platforms.ts) read rooms of exactly these shapes.
 */
const ROOM_PAGES: Record<Platform, (id: string) => string> = {
  douyin: (id) => `https://live.douyin.com/${id}`,
  taobao: (id) => `https://tbzb.taobao.com/live?liveId=${id}`,
  tiktok: (id) => `https://www.tiktok.com/@${id}/live`,
  kuaishou: (id) => `https://live.kuaishou.com/u/${id}`,
  youtube: (id) => `https://www.youtube.com/watch?v=${id}`,
  twitch: (id) => `https://www.twitch.tv/${id}`,
  bilibili: (id) => `https://live.bilibili.com/${id}`,
};

export function platformRoomPage(platform: Platform, id: string): string {
  return ROOM_PAGES[platform](encodeURIComponent(id));
}
export const PLATFORM_NAMES = Object.keys(PLATFORMS) as Platform[];

/**
 * The platform whose live pages are at `origin` (as a browser sends it), or null: https and one
 * of its hosts exactly, so a look-alike (live.douyin.com.example), plain http or another port is none.
 */
export function platformOfOrigin(origin: string): Platform | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.port !== "") return null;
  return PLATFORM_NAMES.find((name) => (PLATFORMS[name].hosts as readonly string[]).includes(url.hostname)) ?? null;
}

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

/** DELETE /v1/platform-rooms/:platform/:platformRoomId: the extension shows nothing there any more. */
export const PlatformRoomParams = z
  .object({ platform: PlatformName, platformRoomId: RoomIdText })
  .strict()
  .transform(platformRoomId("platformRoomId"));

export const PlatformRoomUnmapped = z.object({ unmapped: z.literal(true) });

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
