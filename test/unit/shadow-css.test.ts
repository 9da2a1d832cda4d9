import { describe, expect, it } from "vitest";
import {
  dropPropertyRules,
  remToPx,
  shadowCss,
  srgbOnly,
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

  it("does all of it at once", () => {
    expect(shadowCss("@layer properties{@supports (x:y){*{--tw-x:.5rem}}}")).toBe(
      "@layer properties{:host,*,::before,::after,::backdrop{--tw-x:8px}}",
    );
  });
});
