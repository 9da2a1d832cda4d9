import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import type { TierConfig } from "../../protocol/config.js";
import { ServerEvent } from "../../protocol/events.js";
import type { RoomState, ViewerIdentity } from "../../protocol/wire.js";
import { computed, effect, signal } from "../core/signals.js";

export type ConnectionStatus = "connecting" | "online" | "reconnecting" | "offline";

/** The link to the server, who the viewer is, and whether what is on screen is current. */
export function createConnection(transport: Transport) {
  const status = signal<ConnectionStatus>(transport.link.state);
  /** why the link is offline: the code the server refused the handshake with */
  const error = signal<string | null>(null);
  const synced = signal(false);
  const room = signal<RoomState | null>(null);
  const viewer = signal<ViewerIdentity | null>(null);
  /** the shop's tiers: what a fan-only room's gate names */
  const tiers = signal<TierConfig[]>([]);
  /** server clock minus local clock, so countdowns follow the server */
  const clockOffset = signal(0);

  const dispose = effect(() => {
    const offLink = transport.onLink((link) => {
      status.value = link.state;
      error.value = link.state === "offline" ? link.error : null;
    });
    const offEvents = listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        room.value = snapshot.room;
        viewer.value = snapshot.viewer;
        tiers.value = snapshot.config.tiers;
        clockOffset.value = snapshot.serverTime - Date.now();
        synced.value = true;
        // a snapshot only arrives over a live link, whatever order the link events came in
        status.value = "online";
      },
      [ServerEvent.room]: (next) => {
        room.value = next;
      },
    });
    return () => {
      offLink();
      offEvents();
    };
  });

  return {
    status,
    error,
    synced,
    room,
    viewer,
    tiers,
    clockOffset,
    guest: computed(() => synced.value && viewer.value === null),
    /** last known values are shown but may be out of date */
    stale: computed(() => synced.value && status.value !== "online"),
    retry: () => transport.reconnect(),
    dispose,
  };
}
export type ConnectionModel = ReturnType<typeof createConnection>;
