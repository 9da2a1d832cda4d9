import { z } from "zod";
import { Id } from "./tokens.js";

/** The shop's mute list as the back office reads it, and unmuting. */

export const MuteView = z.object({
  viewerId: z.string(),
  /** the viewer's name as their token last gave it; null when it never did */
  name: z.string().nullable(),
  mutedAt: z.number().int(),
  /** who muted them, as the audit log names them (`host:<id>`); null for mutes older than the record */
  mutedBy: z.string().nullable(),
  /** that person's name when known (a host's token name) */
  mutedByName: z.string().nullable(),
});
export type MuteView = z.infer<typeof MuteView>;

export const MuteList = z.object({ mutes: z.array(MuteView) });
export type MuteList = z.infer<typeof MuteList>;

export const MuteParams = z.object({ viewerId: Id }).strict();

export const UnmutedResponse = z.object({ viewerId: z.string(), muted: z.literal(false) });
