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
 * 3. Every byte is the script tag's first load: the palette is kept in sRGB (see srgbOnly), the
 *    theme's values are written where they are used (inlineTheme), and the `--tw-*` chains are
 *    resolved as far as this one stylesheet decides them (foldVariables).
 */
export function shadowCss(css: string, rootPx = 16): string {
  const plain = remToPx(srgbOnly(dropPropertyRules(unwrapPropertyFallbacks(css))), rootPx);
  return tidy(foldVariables(inlineTheme(plain)));
}

const THEME = /@layer theme\{:root,:host\{([^{}]*)\}\}/;

/**
 * Tailwind states its theme once (`--color-rose-500:#ff2357`) and refers to it everywhere
 * (`color:var(--color-rose-500)`). Nothing outside the stylesheet reads those properties (the
 * page themes the overlay through `--encore-*`), so each reference becomes its value and the
 * theme block goes. Each panel's stylesheet carries its own theme, so it is inlined there too.
 */
export function inlineTheme(css: string): string {
  const theme = THEME.exec(css);
  if (!theme?.[1]) return css;
  const values = declarations(theme[1]);
  let out = css.replace(theme[0], "");
  // a theme value may refer to another (--text-sm--line-height to nothing today, but cheaply safe)
  for (let pass = 0; pass < 3; pass++)
    out = out.replace(/var\((--[\w-]+)\)/g, (all, name: string) => values.get(name) ?? all);
  return out;
}

const PROPERTIES = /@layer properties\{:host,\*,::before,::after,::backdrop\{([^{}]*)\}\}/;

/**
 * Tailwind's utilities talk through `--tw-*` properties so that they compose (`shadow-lg` with
 * `ring-2`), and the properties layer resets each on every element. Within one stylesheet many of
 * those conversations have a single speaker, so they are settled here:
 * - a property nothing reads is not set;
 * - a property nothing sets is read as its reset value (or the reader's fallback);
 * - a property set in one rule and read only there is written in place.
 * Every element's computed style is the same. A panel's stylesheet repeats every utility its own
 * elements use, so rules settled here never decide a panel's element alone.
 */
export function foldVariables(css: string): string {
  const layer = PROPERTIES.exec(css);
  const resets = layer?.[1] ? declarations(layer[1]) : new Map<string, string>();
  let rest = layer ? css.replace(layer[0], "\u0000") : css;
  const names = new Set([...resets.keys(), ...Array.from(rest.matchAll(/--tw-[\w-]+/g), (m) => m[0])]);
  // settling one property can settle another (a reader that was a setter's only use), so repeat
  for (let round = 0; round < 3; round++) {
    for (const name of names) {
      const reads = count(rest, `var(${name}`);
      const setters = Array.from(rest.matchAll(/\{[^{}]*\}/g), (m) => m[0]).filter((block) =>
        setsProperty(block, name),
      );
      if (reads === 0) {
        rest = rest.replace(declarationOf(name), "");
        resets.delete(name);
      } else if (setters.length === 0) {
        const reset = resets.get(name);
        rest = replaceVar(rest, name, (fallback) =>
          (reset === undefined || reset === "initial" ? (fallback ?? "") : reset).trim(),
        );
        resets.delete(name);
      } else if (setters.length === 1 && setters[0] && count(setters[0], `var(${name}`) === reads) {
        const block = setters[0];
        const value = new RegExp(`[{;]${regexEscape(name)}:([^;}]*)`).exec(block)?.[1] ?? "";
        rest = rest.replace(
          block,
          replaceVar(block.replace(declarationOf(name), ""), name, () => value),
        );
        resets.delete(name);
      }
    }
  }
  const kept = Array.from(resets, ([name, value]) => `${name}:${value}`).join(";");
  return rest.replace("\u0000", kept ? `@layer properties{${SHADOW_SELECTOR}{${kept}}}` : "");
}

/** Arithmetic the inlining left behind, transparent shadows that draw nothing, and spaces. */
export function tidy(css: string): string {
  return css
    .replace(/,\s+/g, ",")
    .replace(/:\s+/g, ":")
    .replace(/\s+([;}])/g, "$1")
    .replace(/;}/g, "}")
    .replace(
      /calc\((-?[\d.]+)px\s*\*\s*(-?[\d.]+)\)/g,
      (_m, a: string, b: string) => `${round(Number(a) * Number(b))}px`,
    )
    .replace(
      /calc\((-?[\d.]+)px\s*\+\s*(-?[\d.]+)px\)/g,
      (_m, a: string, b: string) => `${round(Number(a) + Number(b))}px`,
    )
    .replace(/calc\((-?[\d.]+)\s*\/\s*(-?[\d.]+)\)/g, (_m, a: string, b: string) =>
      String(Math.round((Number(a) / Number(b)) * 1e4) / 1e4),
    )
    .replace(/(box-shadow:)(?:0 0 #0000,)+/g, "$1");
}

function declarations(body: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of body.split(";")) {
    const colon = part.indexOf(":");
    if (colon > 0) map.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  return map;
}

const regexEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const count = (text: string, part: string) => text.split(part).length - 1;
const setsProperty = (block: string, name: string) => new RegExp(`[{;]${regexEscape(name)}:`).test(block);
const declarationOf = (name: string) => new RegExp(`(?<=[{;])${regexEscape(name)}:[^;}]*;?`, "g");

/** Each `var(name)` or `var(name, fallback)` replaced by what `value(fallback)` says. */
function replaceVar(css: string, name: string, value: (fallback: string | null) => string): string {
  const key = `var(${name}`;
  let out = "";
  let from = 0;
  for (;;) {
    const at = css.indexOf(key, from);
    if (at < 0) return out + css.slice(from);
    const next = css[at + key.length];
    if (next !== ")" && next !== ",") {
      out += css.slice(from, at + key.length);
      from = at + key.length;
      continue;
    }
    let depth = 1;
    let end = at + 4;
    for (; end < css.length && depth > 0; end++) {
      if (css[end] === "(") depth++;
      else if (css[end] === ")") depth--;
    }
    const inner = css.slice(at + 4, end - 1);
    const comma = inner.indexOf(",");
    out += css.slice(from, at) + value(comma < 0 ? null : inner.slice(comma + 1));
    from = end;
  }
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
