import { defineConfig } from "vite";
import { extensionBuild, extensionOptionsFromEnv } from "./extension/build/config.js";
import { copyAgoraSdk } from "./widget/build/agora-sdk-file.js";
import { shadowBundle } from "./widget/build/bundle.js";
import { lazyPanels, panelFiles } from "./widget/build/lazy-panels.js";
import { loaderBuild } from "./widget/build/loader-build.js";
import { localeBundles } from "./widget/build/locale-bundles.js";

/**
 * `vite build` writes the script-tag IIFE once per language (dist/widget/encore-<hash>.js, served immutable
 * at /widget/, named in dist/widget/encore-bundles.json) and, beside them, the panels they import by URL on
 * first open (dist/widget/panel-NAME-HASH.js, widget/panels/) and each language's words (locale-LOC-HASH.js);
 * `vite build --mode loader` adds the loader streamers paste (dist/widget/encore.js, served at /encore.js),
 * which loads that bundle;
 * `vite build --mode esm` adds the ES build (dist/widget/encore.mjs) beside it, with Agora in lazy chunks;
 * `vite build --mode agora` adds the IIFE's lazily imported Agora viewer (dist/widget/encore-agora.mjs)
 * and a copy of Agora's ESM SDK (dist/widget/agora-rtc-sdk-ng.js), both served under /widget/;
 * `vite build --mode host` adds the host console (dist/widget/host.js, served at /widget/host.js);
 * `vite build --mode extension` writes the browser extension (dist/extension/, extension/build/config.ts)
 * and its zip for the stores (dist/encore-extension.zip), talking to ENCORE_EXTENSION_SERVER.
 */
export default defineConfig(({ mode }) => {
  if (mode === "esm") return shadowBundle({ entry: "widget/index.ts", name: "encore", format: "es", keepOutDir: true });
  if (mode === "agora") {
    const config = shadowBundle({
      entry: "widget/video/agora.ts",
      name: "encore-agora",
      format: "es",
      keepOutDir: true,
    });
    return { ...config, plugins: [...(config.plugins ?? []), copyAgoraSdk("dist/widget")] };
  }
  if (mode === "extension") return extensionBuild(extensionOptionsFromEnv(process.env));
  if (mode === "loader") return loaderBuild("dist/widget");
  if (mode === "host")
    return shadowBundle({ entry: "console/page.ts", name: "host", format: "iife", keepOutDir: true });
  const config = shadowBundle({ entry: "widget/embed.ts", name: "encore", format: "iife", contentHashed: true });
  const panels = lazyPanels();
  const perLocale = localeBundles(config, () => [panelFiles(panels.api.files)]);
  return { ...config, plugins: [...(config.plugins ?? []), panels, perLocale] };
});
