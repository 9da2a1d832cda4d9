/**
 * What a lazily loaded panel file borrows from the bundle that loads it, by import specifier.
 * A panel must render with the bundle's own preact (one set of hooks, one render tree) and read
 * the overlay through the bundle's own context object, so the script tag's panel files do not
 * carry copies: the build points these imports at the bundle's instances (widget/build/lazy-panels.ts),
 * and a panel importing a name not listed here fails the build.
 *
 * Pure data, read by the build (Node) and by kit.ts (the browser).
 */
export const SHARED = {
  // listed empty so that a panel can never bundle a second preact or signals of its own
  preact: [],
  "@preact/signals": [],
  "@preact/signals-core": [],
  "preact/jsx-runtime": ["Fragment", "jsx", "jsxs"],
  // none: the overlay renders without hooks (widget/ui/reactive.ts), so the first load carries none
  "preact/hooks": [],
  /** widget/ui/reactive.ts: how a component follows signals, and the overlay's context while it renders */
  "widget/ui/reactive": ["reactive", "useWidget"],
  /**
   * widget/core/signals.ts: the overlay's signals, so a panel's signal wakes the bundle's effects
   * (effect: the inbox panel's model follows the inbox opening and closing)
   */
  "widget/core/signals": ["signal", "effect"],
} as const;

/**
 * Where a panel file finds the kit: `globalThis[Symbol.for(KIT_KEY)]`, set by the bundle before it
 * imports a panel. Read while the panel file evaluates, because panels call what they borrow at
 * their top level (every component is `reactive(...)`), before any function of theirs could be
 * handed the kit.
 */
export const KIT_KEY = "encore:kit";

export type SharedSpecifier = keyof typeof SHARED;
