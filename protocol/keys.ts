import { z } from "zod";

/**
 * A shop's API keys (what its backend sends as `Authorization: Bearer`) and its viewer-token
 * signing key (what its backend signs viewer and host tokens with), as the HTTP API carries
 * them. The two are separate: an API key can be revoked without logging out every viewer, and a
 * signing key can be rotated without breaking the backend's API calls.
 */

/** What every new API key starts with, so a leaked one is recognised (and secret scanners find it). */
export const API_KEY_PREFIX = "sk_live_";

/** An API key's id (`key_…`): what list, revoke and rotate name it by; never the key itself. */
export const ApiKeyId = z.string().regex(/^key_[A-Za-z0-9_-]{1,40}$/, "an API key's id (key_…)");

export const ApiKeyParams = z.object({ id: ApiKeyId }).strict();

const KeyName = z.string().trim().min(1).max(60);

export const ApiKeyCreateBody = z.object({ name: KeyName }).strict();
export type ApiKeyCreateBody = z.infer<typeof ApiKeyCreateBody>;

/** Longest grace an old key keeps working after a rotation: a week covers any deploy. */
export const MAX_KEY_GRACE_SECONDS = 7 * 24 * 3600;

export const ApiKeyRotateBody = z
  .object({
    /** how long the old key keeps working, in seconds; 0 (the default) revokes it at once */
    graceSeconds: z.number().int().min(0).max(MAX_KEY_GRACE_SECONDS).default(0),
    /** the new key's name; the old key's when left out */
    name: KeyName.optional(),
  })
  .strict();
export type ApiKeyRotateBody = z.infer<typeof ApiKeyRotateBody>;

export const API_KEY_STATES = ["live", "expiring", "revoked"] as const;
export type ApiKeyState = (typeof API_KEY_STATES)[number];

/** An API key as lists show it: never the key, only the first characters to recognise it by. */
export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  /** the key's first characters (`sk_live_AbCd`), enough to tell keys apart, too few to use */
  prefix: z.string(),
  createdAt: z.number().int(),
  /** the last call it authenticated, to the minute; null if never used */
  lastUsedAt: z.number().int().nullable(),
  /** when it stops (stopped) working: in the future while a rotation's grace runs; null while live */
  revokedAt: z.number().int().nullable(),
  /** live; expiring (rotated, inside its grace); revoked */
  state: z.enum(API_KEY_STATES),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const ApiKeyList = z.object({ keys: z.array(ApiKeyView) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/** The one answer that holds the key itself: store it now, it is never shown again. */
export const ApiKeyCreated = z.object({
  key: ApiKeyView,
  /** the key to send as `Authorization: Bearer`; shown this once, stored only as a hash */
  secret: z.string(),
});
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

export const ApiKeyRotated = ApiKeyCreated.extend({
  /** the key it replaces, with the time it stops working */
  previous: ApiKeyView,
});
export type ApiKeyRotated = z.infer<typeof ApiKeyRotated>;

export const ApiKeyRevoked = z.object({ revoked: z.literal(true), key: ApiKeyView });

/** Longest window a replaced signing key keeps verifying tokens: a month. */
export const MAX_SIGNING_WINDOW_SECONDS = 30 * 24 * 3600;
export const DEFAULT_SIGNING_WINDOW_SECONDS = 24 * 3600;

export const SigningKeyRotateBody = z
  .object({
    /** how long tokens signed with the replaced key still verify, in seconds (default a day) */
    windowSeconds: z.number().int().min(0).max(MAX_SIGNING_WINDOW_SECONDS).default(DEFAULT_SIGNING_WINDOW_SECONDS),
  })
  .strict();
export type SigningKeyRotateBody = z.infer<typeof SigningKeyRotateBody>;

/** A signing key as lists show it: its id (a token's `kid`) and its dates, never the key. */
export const SigningKeyView = z.object({
  /** put it in a token's `kid` header to name the key it was signed with */
  kid: z.string(),
  createdAt: z.number().int(),
  /** until when tokens signed with it verify; null for the current key */
  verifiesUntil: z.number().int().nullable(),
  current: z.boolean(),
});
export type SigningKeyView = z.infer<typeof SigningKeyView>;

export const SigningKeyList = z.object({ keys: z.array(SigningKeyView) });
export type SigningKeyList = z.infer<typeof SigningKeyList>;

/** The one answer that holds a signing key: the shop's backend signs with it from now on. */
export const SigningKeyRotated = z.object({
  key: SigningKeyView,
  /** the HS256 key to sign viewer and host tokens with; shown this once */
  secret: z.string(),
  /** the key it replaces, verifying until its window ends (null for a shop that had none) */
  previous: SigningKeyView.nullable(),
});
export type SigningKeyRotated = z.infer<typeof SigningKeyRotated>;
