import { z } from "zod";

export const ROLES = ["viewer", "host"] as const;
export type Role = (typeof ROLES)[number];

/** Ids the shop owns: short, printable, no separators we use in keys. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, "letters, digits and _ . @ - only");

/** Year 9999 in seconds: past it a NumericDate is no date a Date can hold. */
const MAX_NUMERIC_DATE = 253_402_300_799;

/**
 * The claims a shop backend signs with its secret (HS256). Anything else in the token is
 * ignored; anything missing here refuses the token.
 */
export const TokenClaims = z.object({
  sub: Id,
  shop: Id,
  role: z.enum(ROLES),
  name: z.string().min(1).max(40).optional(),
  birthday: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "MM-DD")
    .optional(),
  // RFC 7519 NumericDate may be fractional (Python signs `time.time() + 3600`); whole seconds
  // from here on, so nothing downstream (RTC grants, sessions) sees a fraction
  exp: z.number().positive().max(MAX_NUMERIC_DATE).transform(Math.floor),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

/**
 * A shop backend's word that one of its people may open the back office: the same signing as
 * viewer and host tokens, but a role of its own, so no viewer or host token ever passes for it
 * (and it never passes for them: TokenClaims refuses the role).
 */
export const AdminTokenClaims = z.object({
  sub: Id,
  shop: Id,
  role: z.literal("admin"),
  name: z.string().min(1).max(40).optional(),
  exp: z.number().positive().max(MAX_NUMERIC_DATE).transform(Math.floor),
});
export type AdminTokenClaims = z.infer<typeof AdminTokenClaims>;

/** What a socket presents when it connects: the room, and a token unless it is a guest. */
export const HandshakeAuth = z.object({
  room: Id,
  token: z.string().min(1).max(4096).optional(),
  /** the invite code the page URL carried (encore_ref); its shape is checked where it is used, so a mangled link never stops a join */
  ref: z.string().max(64).nullish().catch(undefined),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;
