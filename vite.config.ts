import { defineConfig } from "vite";
import { shadowBundle } from "./widget/build/bundle.js";

/**
 * `vite build` writes the script-tag IIFE (dist/widget/encore.js, served at /encore.js);
 * `vite build --mode esm` adds the ES build (dist/widget/encore.mjs) beside it;
 * `vite build --mode host` adds the host console (dist/widget/host.js, served at /widget/host.js).
 */
export default defineConfig(({ mode }) =>
  mode === "esm"
    ? shadowBundle({ entry: "widget/index.ts", name: "encore", format: "es", keepOutDir: true })
    : mode === "host"
      ? shadowBundle({ entry: "widget/host/page.ts", name: "host", format: "iife", keepOutDir: true })
      : shadowBundle({ entry: "widget/embed.ts", name: "encore", format: "iife" }),
);
