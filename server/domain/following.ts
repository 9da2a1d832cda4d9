import { type Platform, platformRoomPage } from "../../protocol/platforms.js";

export interface ReminderChoice {
  roomId: string;
  on: boolean;
}

/**
 * The rooms a viewer follows, in the order the extension lists them: the room they signed in
 * from first (followed unless they turned its reminders off, and listed even then, so the popup
 * shows it and its switch), then every other room they asked to be reminded of. A room they
 * turned off elsewhere is not followed.
 */
export function followedRooms(
  signInRoom: string,
  choices: readonly ReminderChoice[],
): { roomId: string; reminder: boolean }[] {
  const signIn = choices.find((c) => c.roomId === signInRoom);
  const others = choices
    .filter((c) => c.on && c.roomId !== signInRoom)
    .map((c) => c.roomId)
    .sort();
  return [
    { roomId: signInRoom, reminder: signIn?.on ?? true },
    ...others.map((roomId) => ({ roomId, reminder: true })),
  ];
}

/**
 * Where a go-live notification sends the viewer: the platform room the shop mapped to this room,
 * the most recently mapped when there are several (the one the shop streams to now), or null
 * when it mapped none and the extension opens the shop's own page instead.
 */
export function roomPage(
  mappings: readonly { platform: Platform; platformRoomId: string; updatedAt: number }[],
): string | null {
  const newest = [...mappings].sort((a, b) => b.updatedAt - a.updatedAt)[0];
  return newest ? platformRoomPage(newest.platform, newest.platformRoomId) : null;
}
