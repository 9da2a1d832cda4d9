import { z } from "zod";
import { OrderItem } from "./commerce.js";
import { ERROR_CODES } from "./errors.js";
import { Id } from "./tokens.js";

/**
 * A shop's history brought over from another program: one order or one member per line of an
 * NDJSON or CSV file (`encore-server import …`, `POST /v1/import/orders`).
 */

/** The media types an import file may come as; the first line of a CSV file names its columns. */
export const IMPORT_MEDIA_TYPES = ["application/x-ndjson", "text/csv"] as const;
export type ImportMediaType = (typeof IMPORT_MEDIA_TYPES)[number];

/** The longest line an import reads; a longer one is refused on its own and the file goes on. */
export const MAX_IMPORT_LINE_BYTES = 64 * 1024;

/** At most this many refused lines are listed in a report; `refusedCount` counts them all. */
export const MAX_REPORTED_REFUSALS = 1000;

/** One past order. Money is in cents; what an old coupon took off is `discount` (it earns nothing). */
export const ImportOrderLine = z
  .object({
    orderId: Id,
    viewerId: Id,
    /** the order's value in cents before any discount */
    amount: z.number(),
    /** what coupons took off, in cents: paid = amount − discount */
    discount: z.number().default(0),
    items: z.array(OrderItem).max(200).default([]),
    /** when it was paid, epoch ms (a CSV file may give an ISO 8601 date instead) */
    paidAt: z.number().int().min(0),
  })
  .strict();
export type ImportOrderLine = z.infer<typeof ImportOrderLine>;

/** One member: the balance and growth they had, and the tier they start at (growth is raised to its threshold). */
export const ImportViewerLine = z
  .object({
    viewerId: Id,
    name: z.string().min(1).max(40).optional(),
    birthday: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "MM-DD")
      .optional(),
    points: z.number().int().min(0).default(0),
    growth: z.number().int().min(0).default(0),
    /** a tier key of the shop's program */
    tier: z.string().min(1).max(24).optional(),
  })
  .strict();
export type ImportViewerLine = z.infer<typeof ImportViewerLine>;

export const ImportRefusal = z.object({
  /** the line of the file, from 1 (a CSV file's header is line 1) */
  line: z.number().int(),
  code: z.enum(ERROR_CODES),
  /** what was wrong, for people */
  reason: z.string(),
});
export type ImportRefusal = z.infer<typeof ImportRefusal>;

/** What an import did: lines imported, lines skipped as already there, and the lines refused. */
export const ImportReport = z.object({
  imported: z.number().int(),
  /** orders (or members) already credited, live or by an earlier import: left as they were */
  duplicates: z.number().int(),
  /** refused lines by line number, each with its reason (at most MAX_REPORTED_REFUSALS listed) */
  refused: z.array(ImportRefusal),
  /** every refused line, listed or not */
  refusedCount: z.number().int(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** An order import file, sent whole as the request body and read as it arrives. */
export const ImportOrdersFile = z
  .string()
  .describe(
    "NDJSON (application/x-ndjson): one order per line, as ImportOrderLine. CSV (text/csv): a header line naming the columns orderId, viewerId, amount, paidAt and optionally discount and items (JSON), then one order per line; paidAt in epoch ms or ISO 8601.",
  );
