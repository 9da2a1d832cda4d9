import { z } from "zod";
import { LocalizedText } from "./config.js";
import { CouponView } from "./coupons.js";
import { LedgerEntry, ViewerResponse } from "./http.js";
import { TouchRecord } from "./lifecycle.js";
import { Id } from "./tokens.js";

/** The back office's Viewers section, as the HTTP API carries it: search, profile, adjust, grant, revoke. */

/**
 * Where a search stopped: `i.<id>` while it walks ids that start with the query, `n.<id>` while it
 * walks the shop's viewers for names that contain it (`n.` from the first).
 */
export const ViewerSearchCursor = z.string().regex(/^[in]\.[A-Za-z0-9_.@-]{0,64}$/, "the nextCursor of a page");

export const ViewerSearchQuery = z
  .object({
    /** an id's first characters, or any part of a name */
    q: z.string().trim().min(1).max(64),
    cursor: ViewerSearchCursor.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type ViewerSearchQuery = z.infer<typeof ViewerSearchQuery>;

export const ViewerTier = z.object({ key: z.string(), name: LocalizedText });

export const ViewerSearchRow = z.object({
  viewerId: z.string(),
  name: z.string().nullable(),
  tier: ViewerTier,
  points: z.number().int(),
  growth: z.number().int(),
  /** the viewer's last watch beat, ms since epoch; null if they never watched */
  lastSeenAt: z.number().int().nullable(),
});
export type ViewerSearchRow = z.infer<typeof ViewerSearchRow>;

export const ViewerSearchPage = z.object({
  viewers: z.array(ViewerSearchRow),
  /**
   * pass as `cursor` to go on; null when every match has been listed. A page can be short (even
   * empty) and still have a cursor: a name search reads a bounded stretch of viewers per page.
   */
  nextCursor: ViewerSearchCursor.nullable(),
});
export type ViewerSearchPage = z.infer<typeof ViewerSearchPage>;

export const ViewerOrdersQuery = z
  .object({
    /** the `nextCursor` of the page before: the last order id it listed */
    cursor: Id.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .strict();

export const ViewerOrder = z.object({
  orderId: z.string(),
  /** cents, before the discount and points */
  amount: z.number().int(),
  discount: z.number().int(),
  pointsUsed: z.number().int(),
  /** cents paid */
  paid: z.number().int(),
  pointsEarned: z.number().int(),
  growthEarned: z.number().int(),
  couponCode: z.string().nullable(),
  paidAt: z.number().int(),
  refundedAt: z.number().int().nullable(),
});
export type ViewerOrder = z.infer<typeof ViewerOrder>;

export const ViewerOrdersPage = z.object({
  orders: z.array(ViewerOrder),
  nextCursor: z.string().nullable(),
});
export type ViewerOrdersPage = z.infer<typeof ViewerOrdersPage>;

/** Everything the back office shows of one viewer, in one answer. */
export const ViewerProfile = z.object({
  viewer: ViewerResponse,
  lastSeenAt: z.number().int().nullable(),
  /** the newest ledger entries */
  ledger: z.array(LedgerEntry),
  /** the newest orders; more with GET /v1/viewers/:viewerId/orders */
  orders: ViewerOrdersPage,
  /** the newest touches between lives, whatever became of each */
  touches: z.array(TouchRecord),
});
export type ViewerProfile = z.infer<typeof ViewerProfile>;

/** Why a person changed a balance or a coupon by hand: kept in the ledger or the audit log. */
const Reason = z.string().trim().min(1, "say why").max(200);

export const GrowthAdjustBody = z
  .object({
    delta: z
      .number()
      .int()
      .min(-10_000_000)
      .max(10_000_000)
      .refine((n) => n !== 0, "delta must not be 0"),
    note: Reason,
    idempotencyKey: z.string().min(1).max(128),
  })
  .strict();
export type GrowthAdjustBody = z.infer<typeof GrowthAdjustBody>;

export const CouponGrantBody = z
  .object({
    templateId: Id,
    note: Reason,
    /** a second grant with the same key returns the first coupon */
    idempotencyKey: z.string().min(1).max(128),
  })
  .strict();
export type CouponGrantBody = z.infer<typeof CouponGrantBody>;

export const CouponGrantResponse = z.object({ coupon: CouponView, replayed: z.boolean() });

export const CouponRevokeBody = z.object({ reason: Reason }).strict();
export type CouponRevokeBody = z.infer<typeof CouponRevokeBody>;

export const CouponRevokeResponse = z.object({ coupon: CouponView });
