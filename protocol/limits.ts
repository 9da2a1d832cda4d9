/**
 * Limits the server's schemas enforce and the widget respects as a person types. Free of zod,
 * like events.ts and errors.ts, because the widget imports it at run time.
 */

/** a comment's length in UTF-16 code units, as zod counts a string */
export const COMMENT_MAX_LENGTH = 200;

/**
 * The name the server gives a shop's first API key (the secret the shop was made with). The back
 * office shows it in the reader's language, as it would a name the shop typed in its own.
 */
export const FIRST_API_KEY_NAME = "shop secret";

/** The page URL parameter that carries an invite code (encore_ref=…): the widget reads it at join. */
export const REFERRAL_PARAM = "encore_ref";
