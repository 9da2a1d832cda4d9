import type { Page } from "playwright-core";

export interface LayoutFaults {
  /** how wide the page really is, against the viewport: a phone must not scroll sideways */
  scrollWidth: number;
  viewport: number;
  /** page elements past the viewport's left or right edge */
  page: string[];
  /** overlay elements (inside the shadow root) cut off by the viewport or by the overlay's own edges */
  overlay: string[];
  /** overlay text smaller than the smallest size a phone reader is asked to read */
  smallText: string[];
}

/**
 * What is wrong with a page's layout as a person would see it. A part that scrolls on purpose (an
 * `overflow: auto` list) or is cut on purpose (an ellipsis, a line clamp) counts as what is shown of it;
 * anything else that reaches past the viewport, or past the overlay's box, is a fault.
 */
export function layoutFaults(page: Page, minFontPx = 11): Promise<LayoutFaults> {
  return page.evaluate((minFont) => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""} "${(el.textContent ?? "").trim().slice(0, 32)}"`;
    const parentOf = (el: Element): Element | null =>
      el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    /** the part of el a person can see: clipped by the scroll boxes and ellipses it sits in */
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      let [left, right, top, bottom] = [r.left, r.right, r.top, r.bottom];
      for (let up = parentOf(el); up; up = parentOf(up)) {
        const style = getComputedStyle(up);
        const scrolls = /auto|scroll/.test(style.overflowX + style.overflowY);
        const clamped = style.textOverflow === "ellipsis" || (style.webkitLineClamp || "none") !== "none";
        if (!scrolls && !clamped) continue;
        const b = up.getBoundingClientRect();
        left = Math.max(left, b.left);
        right = Math.min(right, b.right);
        top = Math.max(top, b.top);
        bottom = Math.min(bottom, b.bottom);
      }
      return { left, right, top, bottom };
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && style.visibility !== "hidden" && style.display !== "none";
    };

    const pageFaults: string[] = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (!visible(el) || el.closest("dialog:not([open])")) continue;
      const s = shown(el);
      if (s.right <= s.left) continue;
      if (s.right > vw + 0.5 || s.left < -0.5)
        pageFaults.push(`${label(el)} ${Math.round(s.left)}..${Math.round(s.right)}`);
    }

    const overlayFaults: string[] = [];
    const smallText: string[] = [];
    for (const host of document.querySelectorAll("encore-overlay")) {
      const box = host.getBoundingClientRect();
      const edge = {
        left: Math.max(0, box.left),
        right: Math.min(vw, box.right),
        top: Math.max(0, box.top),
        bottom: Math.min(vh, box.bottom),
      };
      for (const el of host.shadowRoot?.querySelectorAll("*") ?? []) {
        if (!visible(el)) continue;
        const s = shown(el);
        if (s.right <= s.left || s.bottom <= s.top) continue;
        if (
          s.right > edge.right + 0.5 ||
          s.left < edge.left - 0.5 ||
          s.top < edge.top - 0.5 ||
          s.bottom > edge.bottom + 0.5
        )
          overlayFaults.push(
            `${label(el)} x ${Math.round(s.left)}..${Math.round(s.right)} y ${Math.round(s.top)}..${Math.round(s.bottom)} in x ${Math.round(edge.left)}..${Math.round(edge.right)} y ${Math.round(edge.top)}..${Math.round(edge.bottom)}`,
          );
        const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim());
        const size = Number.parseFloat(getComputedStyle(el).fontSize);
        if (ownText && size < minFont) smallText.push(`${label(el)} ${size}px`);
      }
    }
    return {
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      viewport: vw,
      page: pageFaults,
      overlay: overlayFaults,
      smallText,
    };
  }, minFontPx);
}
