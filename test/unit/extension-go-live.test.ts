import { describe, expect, it } from "vitest";
import { type Announced, afterFailedPoll, decideGoLive, POLL_MS, SLOW_POLL_MS } from "../../extension/go-live.js";
import type { FollowedRoom } from "../../protocol/extension.js";

const room = (roomId: string, fields: Partial<FollowedRoom> = {}): FollowedRoom => ({
  roomId,
  title: `Room ${roomId}`,
  live: false,
  liveStartedAt: null,
  reminder: true,
  url: null,
  ...fields,
});
const live = (roomId: string, startedAt: number, fields: Partial<FollowedRoom> = {}) =>
  room(roomId, { live: true, liveStartedAt: startedAt, ...fields });

describe("go-live notifications: which live starts a poll announces", () => {
  it.each<{ name: string; previous: Announced; rooms: FollowedRoom[]; notify: string[]; announced: Announced }>([
    {
      name: "a followed room that went live is announced",
      previous: {},
      rooms: [live("a", 100)],
      notify: ["a"],
      announced: { a: 100 },
    },
    {
      name: "the same live start is announced once",
      previous: { a: 100 },
      rooms: [live("a", 100)],
      notify: [],
      announced: { a: 100 },
    },
    {
      name: "a new live start of the same room is news again",
      previous: { a: 100 },
      rooms: [live("a", 900)],
      notify: ["a"],
      announced: { a: 900 },
    },
    {
      name: "a room gone off air leaves the record",
      previous: { a: 100 },
      rooms: [room("a")],
      notify: [],
      announced: {},
    },
    {
      name: "nothing for a room whose reminders are off",
      previous: {},
      rooms: [live("a", 100, { reminder: false }), live("b", 200)],
      notify: ["b"],
      announced: { b: 200 },
    },
    {
      name: "a room no longer followed is forgotten",
      previous: { gone: 100 },
      rooms: [room("a")],
      notify: [],
      announced: {},
    },
  ])("$name", ({ previous, rooms, notify, announced }) => {
    const decision = decideGoLive(previous, { rooms, quietUntil: null });
    expect(decision.notify.map((r) => r.roomId)).toEqual(notify);
    expect(decision.announced).toEqual(announced);
  });

  it("in the shop's quiet hours nothing is announced, and a room still live when they end is announced then", () => {
    const quiet = decideGoLive({}, { rooms: [live("a", 100)], quietUntil: 5000 });
    expect(quiet.notify).toEqual([]);
    expect(quiet.announced).toEqual({});
    const after = decideGoLive(quiet.announced, { rooms: [live("a", 100)], quietUntil: null });
    expect(after.notify.map((r) => r.roomId)).toEqual(["a"]);
  });

  it("polls every minute while a followed room may go live, every five minutes otherwise and after a failure", () => {
    expect(decideGoLive({}, { rooms: [room("a"), live("b", 1)], quietUntil: null }).nextPollMs).toBe(POLL_MS);
    expect(decideGoLive({}, { rooms: [live("b", 1)], quietUntil: null }).nextPollMs).toBe(SLOW_POLL_MS);
    expect(decideGoLive({}, { rooms: [room("a", { reminder: false })], quietUntil: null }).nextPollMs).toBe(
      SLOW_POLL_MS,
    );
    expect(afterFailedPoll({ a: 1 })).toEqual({ notify: [], announced: { a: 1 }, nextPollMs: SLOW_POLL_MS });
    expect(POLL_MS).toBe(60_000);
    expect(SLOW_POLL_MS).toBe(300_000);
  });
});
