import { createHmac } from "node:crypto";

/**
 * Erasing a viewer: what their id becomes, and how it is taken out of keys and stored JSON.
 * Pure: the service reads the rows, these decide what each becomes, the store writes them.
 */

/** What every pseudonym starts with, so a person reading the books sees the viewer was erased. */
export const PSEUDONYM_PREFIX = "erased_";

/**
 * The id an erased viewer is kept under: a keyed hash of shop and id. The same viewer always maps
 * to the same pseudonym (the books stay joined), and without the salt nothing leads back from it.
 * `generation` tells apart a viewer erased again after their old id signed in afresh.
 */
export function pseudonymFor(salt: string, shopId: string, viewerId: string, generation = 0): string {
  const digest = createHmac("sha256", salt)
    .update(`${shopId}\u0000${viewerId}\u0000${generation}`)
    .digest("hex")
    .slice(0, 24);
  return `${PSEUDONYM_PREFIX}${digest}`;
}

/**
 * A key or reference with the viewer's id as one of its `:`-separated parts (`watch:<viewer>:3`,
 * `deal:<offer>:<viewer>`), with that part replaced. Ids cannot hold `:` (protocol/tokens.ts), so
 * a part equal to the id is the id, never a piece of something else.
 */
export function replaceIdPart(key: string, viewerId: string, pseudonym: string): string {
  if (!key.includes(viewerId)) return key;
  return key
    .split(":")
    .map((part) => (part === viewerId ? pseudonym : part))
    .join(":");
}

/** Fields a person typed, or that name the person, wherever they sit beside the viewer's id. */
const PERSONAL_FIELDS = new Set(["name", "birthday", "viewerName"]);
/** Words a member of staff typed about the viewer (a hand adjustment's note, a revocation's reason). */
const TYPED_FIELDS = new Set(["note", "reason"]);

export interface ScrubOptions {
  /** drop what staff typed too (audit entries about the viewer), not only the viewer's own fields */
  typed?: boolean;
}

/**
 * A stored JSON value with the viewer's id replaced wherever it appears as a whole string, the
 * personal fields of any object that names the viewer (`{ viewerId, name }`) set to null, and
 * (with `typed`) staff's free text dropped. Other viewers' entries stay as they are.
 */
export function scrubJson(value: unknown, viewerId: string, pseudonym: string, options: ScrubOptions = {}): unknown {
  if (typeof value === "string") return replaceIdPart(value, viewerId, pseudonym);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, viewerId, pseudonym, options));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const aboutViewer = Object.values(record).some((v) => v === viewerId);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (aboutViewer && PERSONAL_FIELDS.has(key) && typeof item === "string") out[key] = null;
    else if (options.typed && TYPED_FIELDS.has(key) && typeof item === "string") out[key] = null;
    else out[key] = scrubJson(item, viewerId, pseudonym, options);
  }
  return out;
}

/** The same for a JSON column's text; null stays null, and text that is not JSON is only re-keyed. */
export function scrubJsonText(
  text: string | null,
  viewerId: string,
  pseudonym: string,
  options: ScrubOptions = {},
): string | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return replaceIdPart(text, viewerId, pseudonym);
  }
  return JSON.stringify(scrubJson(parsed, viewerId, pseudonym, options));
}
