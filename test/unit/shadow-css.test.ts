import { describe, expect, it } from "vitest";
import {
  dropPropertyRules,
  foldVariables,
  inlineTheme,
  remToPx,
  shadowCss,
  srgbOnly,
  tidy,
  unwrapPropertyFallbacks,
} from "../../widget/build/shadow-css.js";

describe("shadow-root CSS", () => {
  it("applies Tailwind's @property fallbacks unconditionally inside the shadow root", () => {
    const css =
      "@layer properties;@layer theme{:host{--a:1}}" +
      "@layer properties{@supports ((-webkit-hyphens:none) and (not (margin-trim:inline))){*,:before,:after{--tw-shadow:0 0 #0000}::backdrop{--tw-shadow:0 0 #0000}}}";
    const out = unwrapPropertyFallbacks(css);
    expect(out).not.toContain("@supports");
    expect(out).toContain("@layer properties;");
    expect(out).toContain("@layer properties{:host,*,::before,::after,::backdrop{--tw-shadow:0 0 #0000}}");
    expect(out.match(/--tw-shadow/g)).toHaveLength(1);
  });

  it("leaves other layers and other @supports blocks alone", () => {
    const css = "@layer utilities{@supports (display:grid){.g{display:grid}}}";
    expect(unwrapPropertyFallbacks(css)).toBe(css);
  });

  it.each([
    ["--spacing:.25rem", "--spacing:4px"],
    ["font-size:0.875rem;margin:-1.5rem", "font-size:14px;margin:-24px"],
    ["width:calc(2rem + 1px)", "width:calc(32px + 1px)"],
    ["--text-xs--line-height:calc(1 / .75)", "--text-xs--line-height:calc(1 / .75)"],
    ["padding:1em", "padding:1em"],
  ])("compiles rem to px: %s", (input, output) => {
    expect(remToPx(input)).toBe(output);
  });

  it("drops @property registrations, which do nothing in a shadow root", () => {
    const css = '@property --tw-shadow{syntax:"*";inherits:false;initial-value:0 0 #0000}.a{color:red}';
    expect(dropPropertyRules(css)).toBe(".a{color:red}");
  });

  it("keeps the palette in sRGB: wide-gamut restatements and color-mix() twins of a hex fallback go", () => {
    const css =
      "@layer theme{:root,:host{--color-white:#fff;--color-rose-500:#ff2357}" +
      "@supports (color:color(display-p3 0 0 0)){:root,:host{--color-rose-500:color(display-p3 .92 .24 .35)}}" +
      "@supports (color:lab(0% 0 0)){:root,:host{--color-rose-500:lab(56.1% 79.4 31.5)}}}" +
      "@layer utilities{.bg-white\\/10{background-color:#ffffff1a}" +
      "@supports (color:color-mix(in lab, red, red)){.bg-white\\/10{background-color:color-mix(in oklab, var(--color-white) 10%, transparent)}}" +
      ".bg-\\(--encore-accent\\)\\/15{background-color:var(--encore-accent)}" +
      "@supports (color:color-mix(in lab, red, red)){.bg-\\(--encore-accent\\)\\/15{background-color:color-mix(in oklab, var(--encore-accent) 15%, transparent)}}}";
    expect(srgbOnly(css)).toBe(
      "@layer theme{:root,:host{--color-white:#fff;--color-rose-500:#ff2357}}" +
        "@layer utilities{.bg-white\\/10{background-color:#ffffff1a}" +
        ".bg-\\(--encore-accent\\)\\/15{background-color:var(--encore-accent)}" +
        "@supports (color:color-mix(in lab, red, red)){.bg-\\(--encore-accent\\)\\/15{background-color:color-mix(in oklab, var(--encore-accent) 15%, transparent)}}}",
    );
  });

  it("writes the theme's values where they are used and drops the theme", () => {
    const css =
      "@layer theme{:root,:host{--color-white:#fff;--spacing:4px}}" +
      ".a{color:var(--color-white);gap:calc(var(--spacing) * 3)}.b{color:var(--encore-ink)}";
    expect(inlineTheme(css)).toBe(".a{color:#fff;gap:calc(4px * 3)}.b{color:var(--encore-ink)}");
  });

  it("settles --tw-* properties this stylesheet alone decides, and leaves the composing ones", () => {
    const props = "@layer properties{:host,*,::before,::after,::backdrop{";
    const css =
      `${props}--tw-shadow:0 0 #0000;--tw-ring-shadow:0 0 #0000;--tw-inset-shadow:0 0 #0000;--tw-font-weight:initial;--tw-blur:initial;--tw-ordinal:initial}}` +
      ".shadow{--tw-shadow:0 1px 3px #0000001a;box-shadow:var(--tw-inset-shadow),var(--tw-ring-shadow),var(--tw-shadow)}" +
      ".ring{--tw-ring-shadow:0 0 0 1px red;box-shadow:var(--tw-inset-shadow),var(--tw-ring-shadow),var(--tw-shadow)}" +
      ".bold{--tw-font-weight:700;font-weight:700}" +
      ".blur{--tw-blur:blur(8px);filter:var(--tw-blur,) var(--tw-ordinal,)}";
    expect(foldVariables(css)).toBe(
      `${props}--tw-shadow:0 0 #0000;--tw-ring-shadow:0 0 #0000}}` +
        ".shadow{--tw-shadow:0 1px 3px #0000001a;box-shadow:0 0 #0000,var(--tw-ring-shadow),var(--tw-shadow)}" +
        ".ring{--tw-ring-shadow:0 0 0 1px red;box-shadow:0 0 #0000,var(--tw-ring-shadow),var(--tw-shadow)}" +
        ".bold{font-weight:700}" +
        ".blur{filter:blur(8px) }",
    );
  });

  it("tidies arithmetic, spaces and transparent shadows", () => {
    expect(
      tidy(".a{gap:calc(4px * 3);top:calc(4px * -7);width:calc(2px + 0px);line-height:calc(1.25 / .875)}") +
        tidy(".b{box-shadow:0 0 #0000, 0 0 #0000, 0 1px red ;color: red;}"),
    ).toBe(".a{gap:12px;top:-28px;width:2px;line-height:1.4286}.b{box-shadow:0 1px red;color:red}");
  });

  it("does all of it at once", () => {
    expect(
      shadowCss(
        "@layer properties{@supports (x:y){*{--tw-x:.5rem}}}" +
          "@layer theme{:root,:host{--spacing:.25rem}}" +
          ".a{--tw-x:1rem}.b{--tw-x:calc(var(--spacing) * 2)}.a,.b{margin:var(--tw-x)}",
      ),
    ).toBe(
      "@layer properties{:host,*,::before,::after,::backdrop{--tw-x:8px}}" +
        ".a{--tw-x:16px}.b{--tw-x:8px}.a,.b{margin:var(--tw-x)}",
    );
  });
});
