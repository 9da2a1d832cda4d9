import { z } from "zod";
import { Id } from "./tokens.js";

/**
 * What a shop's sign-in page sends the Encore browser extension once the viewer has logged in
 * (`chrome.runtime.sendMessage(extensionId, …)`, allowed by the extension's
 * `externally_connectable`): the viewer token its backend signed, the room the popup joins to show
 * the viewer's points, and the shop's URL that renews the token (POST, `Authorization: Bearer
 * <token>`, answering `ExtensionRenewal`), on the page's own origin.
 */
export const ExtensionSignIn = z
  .object({
    type: z.literal("encore:sign-in"),
    token: z.string().min(1).max(4096),
    room: Id,
    renew: z.url({ protocol: /^https?$/ }).max(2048),
  })
  .strict();
export type ExtensionSignIn = z.infer<typeof ExtensionSignIn>;

/** The extension's answer to a sign-in it accepted; one it ignores gets none. */
export interface ExtensionSignInAnswer {
  ok: true;
}

/** The shop's renewal endpoint's answer: a fresh token for the same viewer. */
export const ExtensionRenewal = z.object({ token: z.string().min(1).max(4096) });
export type ExtensionRenewal = z.infer<typeof ExtensionRenewal>;

/**
 * One room the viewer follows: one they asked to be reminded of, or the one they signed in from.
 * `reminder` is false when the viewer turned reminders off for it (it is still listed, never
 * announced). `liveStartedAt` tells one live start from the next, so each is announced once.
 * `url` is the room's public page: the platform room the shop mapped to it (the most recently
 * mapped one), else null, and the extension opens the shop's own page.
 */
export const FollowedRoom = z.object({
  roomId: z.string(),
  title: z.string(),
  live: z.boolean(),
  liveStartedAt: z.number().int().nullable(),
  reminder: z.boolean(),
  url: z.string().nullable(),
});
export type FollowedRoom = z.infer<typeof FollowedRoom>;

/**
 * GET /v1/rooms/:room/following (Bearer: the viewer's token; :room the room they signed in from):
 * the rooms the viewer follows, and when the shop's quiet hours end if they are on now (go-live
 * notifications wait for that, as every touch of the contact budget does), else null.
 */
export const FollowingResponse = z.object({
  rooms: z.array(FollowedRoom),
  quietUntil: z.number().int().nullable(),
});
export type FollowingResponse = z.infer<typeof FollowingResponse>;
