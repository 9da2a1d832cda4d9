/** Comment rules that need no I/O: clean the text, and say whether a shop's word list blocks it. */

// Control and direction-override characters would let a comment break the room's layout or reorder its text.
// The joiners U+200C and U+200D stay: they hold emoji sequences (👨‍👩‍👧 is three people joined by
// U+200D) and some scripts' letters together, and move nothing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text as the room sees it: one line, no control or direction-override characters. */
export function cleanComment(text: string): string {
  return text.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
}

/** The first blocked word the text contains, ignoring case and full-width forms, or null. */
export function blockedWordIn(text: string, blockedWords: readonly string[]): string | null {
  const norm = (s: string) => s.normalize("NFKC").toLowerCase();
  const haystack = norm(text);
  for (const word of blockedWords) {
    if (haystack.includes(norm(word))) return word;
  }
  return null;
}

/**
 * How the room names a viewer who has no name anywhere: the ends of their id around ***, enough
 * to tell two commenters apart without showing the id the shop knows them by.
 */
export function maskedName(viewerId: string): string {
  const chars = [...viewerId];
  if (chars.length <= 4) return `***${chars.slice(-1).join("")}`;
  return `${chars[0]}***${chars.slice(-2).join("")}`;
}
