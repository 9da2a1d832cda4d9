/**
 * Text cut where a person sees a character end: a family emoji (👨‍👩‍👧, eight UTF-16 units),
 * a flag or a letter with its accents is one grapheme and is never split. Shared by the
 * viewer overlay and the host console.
 */
const segmenter =
  typeof Intl !== "undefined" && "Segmenter" in Intl
    ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
    : null;

export function graphemes(text: string): string[] {
  // without Intl.Segmenter, code points at least keep surrogate pairs whole
  return segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text);
}

/** At most `max` graphemes; a cut text ends with "…" (which counts as one of them). */
export function clip(text: string, max: number): string {
  const parts = graphemes(text);
  return parts.length <= max ? text : `${parts.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** The longest start of `text` within `units` UTF-16 code units (a server's string limit) that ends between graphemes. */
export function fitUnits(text: string, units: number): string {
  if (text.length <= units) return text;
  let out = "";
  for (const part of graphemes(text)) {
    if (out.length + part.length > units) break;
    out += part;
  }
  return out;
}
