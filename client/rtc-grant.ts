import type { RtcGrant } from "./agora-sdk.js";

/**
 * The room's RTC token, asked with the caller's own JWT (a viewer's to watch, a host's to
 * publish). Kept apart from the Agora viewer so the console can ask for one without it.
 */
export function rtcGrant(server: string, room: string, token: string | null) {
  return async (): Promise<RtcGrant> => {
    const response = await fetch(`${server}/v1/rooms/${encodeURIComponent(room)}/rtc-token`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body?.error?.code ?? `HTTP ${response.status}`);
    return body as RtcGrant;
  };
}
