/**
 * Gives a bundle its own corner of the page: a shadow root holding the bundle's stylesheet
 * (compiled for shadow roots by widget/build) and one element to render into. The viewer
 * overlay and the host console mount this way; remove() takes back exactly what was added.
 */
export function openShadowRoot(
  host: HTMLElement,
  css: string,
): { shadowRoot: ShadowRoot; root: HTMLElement; remove(): void } {
  const doc = host.ownerDocument;
  const shadowRoot = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  const style = doc.createElement("style");
  style.textContent = css;
  const root = doc.createElement("div");
  root.style.height = "100%";
  shadowRoot.append(style, root);
  return {
    shadowRoot,
    root,
    remove() {
      style.remove();
      root.remove();
    },
  };
}
