import type { PlatformRoom } from "./platforms.js";

export type LookupResult = { status: "mapped"; shopId: string; roomId: string } | { status: "unmapped" | "failed" };

/**
 * Asks the Encore server which shop's room a platform room shows. Unmapped (404) means stay out
 * of the page; failed (network, 5xx) means ask again later.
 */
export async function lookupRoom(server: string, room: PlatformRoom, fetchImpl = fetch): Promise<LookupResult> {
  const url = new URL("/v1/platform-rooms/lookup", server);
  url.searchParams.set("platform", room.platform);
  url.searchParams.set("id", room.id);
  try {
    const response = await fetchImpl(url, { credentials: "omit" });
    if (response.status === 404 || response.status === 400) return { status: "unmapped" };
    if (!response.ok) return { status: "failed" };
    const body = (await response.json()) as { shopId?: unknown; roomId?: unknown };
    if (typeof body.shopId !== "string" || typeof body.roomId !== "string") return { status: "failed" };
    return { status: "mapped", shopId: body.shopId, roomId: body.roomId };
  } catch {
    return { status: "failed" };
  }
}
