import { z } from "zod";
import { ClientEvent } from "./events.js";

/** Payload schemas for each client event; the server validates every message against these. */
export const BeatPayload = z
  .object({
    /** the stream is actually playing (not paused, stalled or ended) */
    playing: z.boolean(),
    /** the page is visible (document.visibilityState) */
    visible: z.boolean(),
  })
  .strict();
export type BeatPayload = z.infer<typeof BeatPayload>;

export const ChestClaimPayload = z.object({ chestId: z.string().min(1).max(64) }).strict();
export type ChestClaimPayload = z.infer<typeof ChestClaimPayload>;

export const SyncPayload = z.object({}).strict();
export type SyncPayload = z.infer<typeof SyncPayload>;

export const ClientPayloads = {
  [ClientEvent.beat]: BeatPayload,
  [ClientEvent.chestClaim]: ChestClaimPayload,
  [ClientEvent.sync]: SyncPayload,
} as const;
