/**
 * The segments a viewer can be in. The first three are read live (cards, nudges, the viewer
 * API); the last three describe buyers over months and drive the "segment entered" automation.
 * Kept apart from commerce.ts so the config schema can name them without an import cycle.
 */
export const SEGMENTS = [
  "high_intent",
  "new_buyer",
  "dormant",
  "high_value",
  "price_sensitive",
  "watched_not_bought",
] as const;
export type Segment = (typeof SEGMENTS)[number];
