import { defineConfig } from "vite";

/** The script-tag build: one IIFE file, dist/widget/encore.js, served by the server at /encore.js. */
export default defineConfig({
  build: {
    outDir: "dist/widget",
    emptyOutDir: true,
    target: "es2019",
    lib: {
      entry: "widget/embed.ts",
      name: "EncoreWidget",
      formats: ["iife"],
      fileName: () => "encore.js",
    },
  },
});
