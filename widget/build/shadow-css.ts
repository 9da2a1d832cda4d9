/**
 * Rewrites Tailwind 4's output so it works inside a shadow root on any host page.
 *
 * 1. Tailwind registers its `--tw-*` variables with `@property`, which browsers ignore inside
 *    shadow roots, and only ships plain fallbacks behind an `@supports` test that is false in
 *    browsers that do support `@property`. Without initial values `shadow-*`, `ring-*`,
 *    `translate-*` and `border` compute to nothing, so the fallbacks are unwrapped and applied
 *    unconditionally to the shadow tree.
 *    The `@property` rules themselves are dropped: inside a shadow root they are dead weight.
 * 2. `rem` follows the host page's root font size (some pages set 10px), so every rem length
 *    is compiled to px against a 16px root.
 * 3. Every byte is the script tag's first load: the palette is kept in sRGB (see srgbOnly).
 */
export function shadowCss(css: string, rootPx = 16): string {
  return remToPx(srgbOnly(dropPropertyRules(unwrapPropertyFallbacks(css))), rootPx);
}

/**
 * Tailwind restates its palette twice for wider-gamut screens (display-p3, then lab) and each
 * `color/NN` utility once more with color-mix() over the palette variable. With the palette in
 * sRGB hex, that color-mix() computes exactly the hex-with-alpha fallback written before it, so
 * all three are dropped: about a sixth of the stylesheet. A color-mix() over anything else (the
 * page's --encore-* properties) is the only correct value and stays.
 */
export function srgbOnly(css: string): string {
  return css
    .replace(/@supports \(color:\s*(?:color\(display-p3 0 0 0\)|lab\(0% 0 0\))\)\s*\{:root,:host\{[^{}]*\}\}/g, "")
    .replace(
      /@supports \(color:\s*color-mix\(in lab,\s*red,\s*red\)\)\s*\{[^{}]+\{[^{}:]+:color-mix\(in oklab,\s*var\(--color-[\w-]+\) [\d.]+%,\s*transparent\)\}\}/g,
      "",
    );
}

/**
 * `@property` registrations do nothing inside a shadow root (the fallbacks above carry the
 * initial values), so they are dead weight in the script tag's budget.
 */
export function dropPropertyRules(css: string): string {
  return css.replace(/@property\s+--[\w-]+\s*\{[^{}]*\}/g, "");
}

const SHADOW_SELECTOR = ":host,*,::before,::after,::backdrop";

export function unwrapPropertyFallbacks(css: string): string {
  let out = css;
  let from = 0;
  for (;;) {
    const layer = out.indexOf("@layer properties", from);
    if (layer < 0) return out;
    const open = out.indexOf("{", layer);
    const semicolon = out.indexOf(";", layer);
    // `@layer properties;` only declares the layer's order
    if (open < 0 || (semicolon >= 0 && semicolon < open)) {
      from = layer + 1;
      continue;
    }
    const close = matchingBrace(out, open);
    const body = out.slice(open + 1, close);
    const rewritten = rewriteLayerBody(body);
    out = `${out.slice(0, open + 1)}${rewritten}${out.slice(close)}`;
    from = open + rewritten.length + 2;
  }
}

function rewriteLayerBody(body: string): string {
  const trimmed = body.trimStart();
  if (!trimmed.startsWith("@supports")) return body;
  const start = body.indexOf("@supports");
  const open = body.indexOf("{", start);
  const close = matchingBrace(body, open);
  const inner = body.slice(open + 1, close);
  // A minifier may split the fallback rule per selector; the declarations are the same, keep one.
  const declarations = new Set<string>();
  for (const rule of inner.matchAll(/[^{}]+\{([^{}]*)\}/g)) if (rule[1]) declarations.add(rule[1]);
  const rules = [...declarations].map((decls) => `${SHADOW_SELECTOR}{${decls}}`).join("");
  return body.slice(0, start) + rules + body.slice(close + 1);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  throw new Error("shadow-css: unbalanced braces");
}

export function remToPx(css: string, rootPx = 16): string {
  return css.replace(/(?<![\w.])(-?\d*\.?\d+)rem\b/g, (_m, n: string) => `${round(Number(n) * rootPx)}px`);
}

const round = (n: number) => String(Math.round(n * 1000) / 1000);
