import { FollowingResponse } from "../protocol/extension.js";

export type FollowingResult =
  | { status: "ok"; following: FollowingResponse }
  | { status: "refused"; code: string | null }
  | { status: "failed" };

/**
 * Asks the Encore server which rooms the signed-in viewer follows (GET /v1/rooms/:room/following,
 * :room the room they signed in from). Refused (a 4xx: the token expired, was forged, is another
 * shop's) carries the server's code; failed (network, 5xx, an answer of the wrong shape) means
 * ask again later.
 */
export async function fetchFollowing(
  server: string,
  room: string,
  token: string,
  fetchImpl = fetch,
): Promise<FollowingResult> {
  const url = new URL(`/v1/rooms/${encodeURIComponent(room)}/following`, server);
  try {
    const response = await fetchImpl(url, { headers: { authorization: `Bearer ${token}` }, credentials: "omit" });
    if (response.status >= 400 && response.status < 500) {
      const body = (await response.json().catch(() => null)) as { error?: { code?: unknown } } | null;
      const code = body?.error?.code;
      return { status: "refused", code: typeof code === "string" ? code : null };
    }
    if (!response.ok) return { status: "failed" };
    const body = FollowingResponse.safeParse(await response.json());
    return body.success ? { status: "ok", following: body.data } : { status: "failed" };
  } catch {
    return { status: "failed" };
  }
}
