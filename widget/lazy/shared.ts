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
  "preact/hooks": ["useEffect", "useRef", "useState"],
  /** widget/ui/context.ts, the overlay's context */
  "widget/ui/context": ["useWidget"],
} as const;

export type SharedSpecifier = keyof typeof SHARED;
