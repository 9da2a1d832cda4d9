import { z } from "zod";
import { Id } from "./tokens.js";

/** The back office's sign-in, sessions and audit log, as the HTTP API carries them. */

/** The secret of a one-time sign-in link, as `encore-server admin-link` prints it. */
export const SignInQuery = z
  .object({ link: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "the secret of a sign-in link") })
  .strict();

/** A shop backend's `admin` token, exchanged once for a session. */
export const SessionExchangeBody = z.object({ token: z.string().min(1).max(4096) }).strict();

export const SIGN_IN_VIAS = ["link", "token"] as const;
export type SignInVia = (typeof SIGN_IN_VIAS)[number];

export const AdminSessionView = z.object({
  id: z.string(),
  /** how it started: a one-time link, or an admin token from the shop's backend */
  via: z.enum(SIGN_IN_VIAS),
  /** who: the name the link was made for, or the admin token's name (else its subject) */
  name: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
  /** when it ends unless used again before */
  idleExpiresAt: z.number().int(),
  /** when it ends however much it is used */
  expiresAt: z.number().int(),
  /** the session this request was made with */
  current: z.boolean(),
});
export type AdminSessionView = z.infer<typeof AdminSessionView>;

export const AdminSessionResponse = z.object({
  shop: z.object({ id: z.string(), name: z.string() }),
  session: AdminSessionView,
  /** send it as `X-CSRF-Token` with every back-office request that is not a GET */
  csrfToken: z.string(),
});
export type AdminSessionResponse = z.infer<typeof AdminSessionResponse>;

export const AdminSessionList = z.object({ sessions: z.array(AdminSessionView) });

export const SessionParams = z.object({ id: Id }).strict();

export const SignedOutResponse = z.object({ signedOut: z.literal(true) });
export const RevokedResponse = z.object({ revoked: z.literal(true), id: z.string() });

/** Any JSON value: what a merge patch or an audited before/after holds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

/** `PATCH /v1/config`: any part of the config document, merged over the current one (RFC 7396). */
export const ConfigPatchBody = z.record(z.string(), JsonValue);

/**
 * Every kind of change the audit log records. Closed, so a filter names a real action; a new
 * kind of change adds its name here and writes through the same function.
 */
export const AUDIT_ACTIONS = [
  "config.update",
  "template.create",
  "template.update",
  "template.pause",
  "template.resume",
  "template.clone",
  "mute.add",
  "mute.remove",
  "session.sign_in",
  "session.sign_out",
  "session.revoke",
  "viewer.adjust",
  "coupon.grant",
  "coupon.revoke",
  "apikey.create",
  "apikey.revoke",
  "apikey.rotate",
  "signingkey.rotate",
  "product.create",
  "product.update",
  "campaign.create",
  "campaign.update",
  "campaign.delete",
  "room.create",
  "room.update",
  "platform_room.map",
  "platform_room.unmap",
  "viewer.export",
  "viewer.erase",
  "webhook.create",
  "webhook.update",
  "webhook.delete",
  "webhook.resend",
  "shopify.connect",
  "shopify.disconnect",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who made a change: the API key, the command line, a back-office session, a shop's admin token, or a host. */
export const Actor = z.string().regex(/^(api|cli|(session|admin|host):[A-Za-z0-9_.@-]{1,64})$/, {
  message: "api, cli, session:<id>, admin:<name> or host:<id>",
});

const epochMs = z.coerce.number().int().min(0).max(253_402_300_799_999);

export const AuditQuery = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional(),
    /** a kind of target (`config`), or one target (`session:ses_x`) */
    target: z
      .string()
      .regex(/^[a-z_]{1,32}(:[A-Za-z0-9_.@-]{1,64})?$/, "kind or kind:id")
      .optional(),
    actor: Actor.optional(),
    /** entries at or after this time, ms since epoch */
    from: epochMs.optional(),
    /** entries before this time, ms since epoch */
    to: epochMs.optional(),
    /** the `nextCursor` of the previous page */
    cursor: z
      .string()
      .regex(/^[0-9]{1,15}$/, "the nextCursor of a page")
      .transform((text) => Number.parseInt(text, 10))
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** `csv` answers a CSV file (as `Accept: text/csv` does) */
    format: z.enum(["json", "csv"]).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  target: z.object({ kind: z.string(), id: z.string() }),
  before: JsonValue.nullable(),
  after: JsonValue.nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** pass as `cursor` for the next (older) page; null on the last */
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;
