import type { FollowedRoom, FollowingResponse } from "../protocol/extension.js";

/** The live starts already announced, by room: one notification per room per live start. */
export type Announced = Readonly<Record<string, number>>;

/** Every minute while a followed room may go live: a live start is announced within a minute or so. */
export const POLL_MS = 60_000;
/** After a failed poll, and while every followed room is already live: nothing is about to start. */
export const SLOW_POLL_MS = 5 * 60_000;

export interface GoLiveDecision {
  /** the rooms to announce now */
  notify: FollowedRoom[];
  /** what is announced after this poll: kept in storage, since the worker is stopped between polls */
  announced: Announced;
  /** when to poll next, from now */
  nextPollMs: number;
}

/**
 * One poll's decisions, from what was announced before and the server's answer. A room is
 * announced when it is live, its reminders are on, and this live start (its `liveStartedAt`) was
 * not announced yet; in the shop's quiet hours nothing is, and a room still live when they end is
 * announced then, as the contact budget defers a touch. A room off air leaves the record, so its
 * next live start is news; a room turned off, or no longer followed, is not announced.
 */
export function decideGoLive(previous: Announced, answer: FollowingResponse): GoLiveDecision {
  const announced: Record<string, number> = {};
  const notify: FollowedRoom[] = [];
  for (const room of answer.rooms) {
    if (!room.live || room.liveStartedAt === null) continue;
    if (previous[room.roomId] === room.liveStartedAt) {
      announced[room.roomId] = room.liveStartedAt;
      continue;
    }
    if (!room.reminder || answer.quietUntil !== null) continue;
    notify.push(room);
    announced[room.roomId] = room.liveStartedAt;
  }
  const waiting = answer.rooms.some((room) => room.reminder && !room.live);
  return { notify, announced, nextPollMs: waiting ? POLL_MS : SLOW_POLL_MS };
}

/** A failed poll (network, the server down) keeps what was announced and asks again later. */
export function afterFailedPoll(previous: Announced): GoLiveDecision {
  return { notify: [], announced: previous, nextPollMs: SLOW_POLL_MS };
}
