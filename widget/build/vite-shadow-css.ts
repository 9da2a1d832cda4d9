import type { Plugin } from "vite";
import { shadowCss } from "./shadow-css.js";

/**
 * Applies `shadowCss` to every stylesheet imported as a string (`./styles.css?inline`), which is
 * how a bundle puts its CSS into its own shadow root. Runs after Vite has compiled and minified it.
 */
export function shadowRootCss(): Plugin {
  return {
    name: "encore:shadow-root-css",
    enforce: "post",
    transform(code, id) {
      if (!/\.css\?inline$/.test(id)) return null;
      const match = /^export default ("(?:[^"\\]|\\.)*")/.exec(code);
      if (!match?.[1]) return null;
      const css = JSON.parse(match[1]) as string;
      return { code: `export default ${JSON.stringify(shadowCss(css))}${code.slice(match[0].length)}`, map: null };
    },
  };
}
