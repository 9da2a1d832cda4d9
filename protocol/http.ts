import { z } from "zod";
import { ViewerSegments } from "./commerce.js";
import { CouponView } from "./coupons.js";
import { ERROR_CODES } from "./errors.js";
import { ProductView } from "./products.js";
import { Id } from "./tokens.js";
import { POINT_REASONS, Wallet } from "./wire.js";

/** Bodies and params of the HTTP API; each route validates with one of these. */
export const ViewerParams = z.object({ viewerId: Id }).strict();

export const PointsAdjustBody = z
  .object({
    delta: z
      .number()
      .int()
      .min(-10_000_000)
      .max(10_000_000)
      .refine((n) => n !== 0, "delta must not be 0"),
    /** a note kept in the ledger, e.g. "goodwill for late parcel" */
    note: z.string().max(200).optional(),
    idempotencyKey: z.string().min(1).max(128),
  })
  .strict();
export type PointsAdjustBody = z.infer<typeof PointsAdjustBody>;

export const RoomCreateBody = z
  .object({
    id: Id.optional(),
    title: z.string().min(1).max(120),
  })
  .strict();
export type RoomCreateBody = z.infer<typeof RoomCreateBody>;

/** PATCH /v1/rooms/:room: what a room may change once it exists (its id is in links and tokens). */
export const RoomPatch = z
  .object({
    title: RoomCreateBody.shape.title.optional(),
    /** a fan-only room: one of the shop's tier keys; null opens the room to every member */
    minTier: z.string().min(1).max(24).nullable().optional(),
  })
  .strict()
  .refine((p) => p.title !== undefined || p.minTier !== undefined, "send title, minTier or both");
export type RoomPatch = z.infer<typeof RoomPatch>;

export const LedgerQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const LedgerEntry = z.object({
  id: z.number().int(),
  delta: z.number().int(),
  growthDelta: z.number().int(),
  reason: z.enum(POINT_REASONS),
  ref: z.string(),
  idempotencyKey: z.string(),
  note: z.string().nullable(),
  pointsAfter: z.number().int(),
  growthAfter: z.number().int(),
  createdAt: z.number().int(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const ViewerResponse = z.object({
  viewerId: z.string(),
  name: z.string().nullable(),
  birthday: z.string().nullable(),
  wallet: Wallet,
  watch: z.object({
    totalSeconds: z.number().int(),
    todayPoints: z.number().int(),
  }),
  createdAt: z.number().int(),
  /** the viewer's coupons, newest first */
  coupons: z.array(CouponView),
  segments: ViewerSegments,
});
export type ViewerResponse = z.infer<typeof ViewerResponse>;

export const PointsAdjustResponse = z.object({
  entry: LedgerEntry,
  wallet: Wallet,
  replayed: z.boolean(),
});

export const LedgerResponse = z.object({ entries: z.array(LedgerEntry) });

export const RoomResponse = z.object({
  id: z.string(),
  title: z.string(),
  live: z.boolean(),
  /** the tier key a fan-only room needs; null when open */
  minTier: z.string().nullable(),
});

export const RoomList = z.object({ rooms: z.array(RoomResponse) });

/** One room, with the product the host features in it now (what a shop's page shows before the socket's snapshot). */
export const RoomDetail = RoomResponse.extend({ featured: ProductView.nullable() });
export type RoomDetail = z.infer<typeof RoomDetail>;

export const HealthResponse = z.object({
  ok: z.boolean(),
  store: z.enum(["sqlite", "postgres"]),
  time: z.number().int(),
});

export const RoomParams = z.object({ room: Id }).strict();

/** `GET /v1/rooms/:room/rtc-token`: what the player needs to join the room's Agora channel. */
export const RtcTokenResponse = z.object({
  /** the operator's Agora App ID (public) */
  appId: z.string(),
  /** the room id: one Agora channel per live room */
  channel: z.string(),
  /** the Agora uid: the viewer's or host's id hashed to 32 bits, the same on every renewal */
  uid: z.number().int(),
  /** "host" may publish; "audience" only subscribes */
  role: z.enum(["host", "audience"]),
  token: z.string(),
  /** ms since epoch; ask again before then */
  expiresAt: z.number().int(),
});
export type RtcTokenResponse = z.infer<typeof RtcTokenResponse>;

/**
 * `GET /v1/rooms/:room/stage-token`: a publisher token for the invited, accepted guest (连麦), as
 * short-lived as the spot is uncertain; refused with stage_ended once the host ends the spot.
 */
export const StageTokenResponse = RtcTokenResponse.extend({ spotId: z.string() });
export type StageTokenResponse = z.infer<typeof StageTokenResponse>;

/** Every refusal's body: `code` from the closed union in errors.ts, `message` for people and logs. */
/** One invalid field of a request, by its path in what was sent (e.g. `tiers.1.threshold`). */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;
export const ErrorBody = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** for `bad_request`: each invalid field, so a form can say which and why */
  fields: z.array(FieldError).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export const ErrorResponse = z.object({ error: ErrorBody });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const OfferParams = z.object({ id: Id }).strict();

/**
 * `GET /v1/offers/:id/draw`: a lucky bag's draw, for anyone to check. Entrants appear under
 * per-offer pseudonyms, never their ids or names.
 */
export const DrawRecord = z.object({
  offerId: z.string(),
  /** the algorithm's name and, in words, what it does */
  algorithm: z.string(),
  algorithmText: z.string(),
  /** SHA-256 of the seed's bytes, hex, as published in the `offer` event when the offer started */
  seedCommitment: z.string(),
  /** the seed, hex (32 bytes), revealed at the draw */
  seed: z.string(),
  /** how many winners were drawn at most: the offer's stock */
  stock: z.number().int(),
  /** SHA-256 (hex) of the entries as a JSON array without spaces */
  entriesHash: z.string(),
  /** pseudonyms of the entrants, in arrival order */
  entries: z.array(z.string()),
  /** pseudonyms drawn, in draw order */
  winners: z.array(z.string()),
  drawnAt: z.number().int(),
});
export type DrawRecord = z.infer<typeof DrawRecord>;
