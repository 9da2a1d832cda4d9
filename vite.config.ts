import { defineConfig } from "vite";
import { shadowBundle } from "./widget/build/bundle.js";

/**
 * `vite build` writes the script-tag IIFE (dist/widget/encore.js, served at /encore.js);
 * `vite build --mode esm` adds the ES build (dist/widget/encore.mjs) beside it.
 */
export default defineConfig(({ mode }) =>
  mode === "esm"
    ? shadowBundle({ entry: "widget/index.ts", name: "encore", format: "es", keepOutDir: true })
    : shadowBundle({ entry: "widget/embed.ts", name: "encore", format: "iife" }),
);
