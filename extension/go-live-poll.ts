import type { FollowedRoom } from "../protocol/extension.js";
import { fetchFollowing } from "./following.js";
import { type Announced, afterFailedPoll, decideGoLive, type GoLiveDecision } from "./go-live.js";
import type { ExtensionWords } from "./i18n/index.js";
import { SIGN_IN_AGAIN } from "./session.js";
import { readSession, readToken } from "./token.js";

/**
 * Go-live notifications, in the service worker. A poll and not a socket: a Manifest V3 service
 * worker is stopped after about thirty idle seconds, which closes any socket it holds, so it
 * would hear of a live start only while something else kept it awake. An alarm wakes it instead:
 * every minute while a followed room may go live, every five after a failed poll. What it has
 * announced, and where each notification leads, wait in storage between wakes.
 */
export const GO_LIVE_ALARM = "encore:go-live";
/** the live starts announced, by room (extension/go-live.ts) */
export const ANNOUNCED_KEY = "encoreAnnounced";
/** the page each shown notification opens, by notification id: the worker may be stopped before the click */
export const LINKS_KEY = "encoreNotificationLinks";

export interface GoLiveOptions {
  server: string;
  /** the shop's own page, opened for a room the shop mapped to no platform room */
  shopPage: string;
  words: ExtensionWords;
}

const notificationId = (room: FollowedRoom) => `encore:live:${room.roomId}:${room.liveStartedAt}`;

async function readRecord(key: string): Promise<Record<string, unknown>> {
  const value = (await chrome.storage.local.get(key))[key];
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

async function readAnnounced(): Promise<Announced> {
  const record = await readRecord(ANNOUNCED_KEY);
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
  );
}

export function goLive(options: GoLiveOptions) {
  const { words } = options;

  const show = async (rooms: FollowedRoom[]) => {
    if (rooms.length === 0) return;
    const links = await readRecord(LINKS_KEY);
    for (const room of rooms) links[notificationId(room)] = room.url ?? options.shopPage;
    await chrome.storage.local.set({ [LINKS_KEY]: links });
    for (const room of rooms) {
      await chrome.notifications
        .create(notificationId(room), {
          type: "basic",
          iconUrl: chrome.runtime.getURL("icons/icon-128.png"),
          title: words.goLiveTitle(room.title),
          message: words.goLiveMessage,
        })
        .catch(() => {});
    }
  };

  const apply = async (decision: GoLiveDecision) => {
    await show(decision.notify);
    await chrome.storage.local.set({ [ANNOUNCED_KEY]: decision.announced });
    await chrome.alarms.create(GO_LIVE_ALARM, { when: Date.now() + decision.nextPollMs });
  };

  /** One poll: the followed rooms, what to announce, the next wake. Signed out, nothing polls. */
  const poll = async () => {
    const [token, session] = await Promise.all([readToken(), readSession()]);
    if (!token || !session) {
      await chrome.alarms.clear(GO_LIVE_ALARM);
      await chrome.storage.local.remove([ANNOUNCED_KEY, LINKS_KEY]);
      return;
    }
    const previous = await readAnnounced();
    const result = await fetchFollowing(options.server, session.room, token);
    if (result.status === "ok") return apply(decideGoLive(previous, result.following));
    // a token the server refuses as it refuses the widget's: no poll until the viewer signs in
    // again (a new token polls at once); the popup says the sign-in ended and the renewal ends it
    if (result.status === "refused" && result.code && SIGN_IN_AGAIN.includes(result.code)) {
      await chrome.alarms.clear(GO_LIVE_ALARM);
      return;
    }
    return apply(afterFailedPoll(previous));
  };

  const open = async (id: string) => {
    const links = await readRecord(LINKS_KEY);
    const url = links[id];
    if (typeof url === "string") await chrome.tabs.create({ url });
    await chrome.notifications.clear(id);
  };

  const forget = async (id: string) => {
    const links = await readRecord(LINKS_KEY);
    if (!(id in links)) return;
    delete links[id];
    await chrome.storage.local.set({ [LINKS_KEY]: links });
  };

  return {
    poll,
    /** wires the alarm and the notifications' clicks; listeners must be added when the worker starts */
    listen() {
      chrome.alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === GO_LIVE_ALARM) void poll();
      });
      chrome.notifications.onClicked.addListener((id) => void open(id));
      chrome.notifications.onClosed.addListener((id) => void forget(id));
    },
  };
}
