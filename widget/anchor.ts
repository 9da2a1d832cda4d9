/**
 * Keeps the overlay's host element over the video: the host is fixed-positioned through custom
 * properties read by its own `:host` rule (inline styles could be outranked by the page's
 * `!important` rules; the shadow root's `!important` cannot). Without a video it covers the viewport.
 */
export function anchorOver(host: HTMLElement, video: HTMLElement | null): () => void {
  const win = host.ownerDocument.defaultView;
  if (!video || !win) {
    host.dataset.anchor = "viewport";
    return () => {};
  }
  host.dataset.anchor = "video";
  let frame = 0;
  const place = () => {
    frame = 0;
    const rect = video.getBoundingClientRect();
    host.style.setProperty("--encore-top", `${rect.top}px`);
    host.style.setProperty("--encore-left", `${rect.left}px`);
    host.style.setProperty("--encore-width", `${rect.width}px`);
    host.style.setProperty("--encore-height", `${rect.height}px`);
  };
  const schedule = () => {
    if (!frame) frame = win.requestAnimationFrame(place);
  };
  place();
  win.addEventListener("scroll", schedule, { passive: true, capture: true });
  win.addEventListener("resize", schedule, { passive: true });
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(schedule) : null;
  observer?.observe(video);
  return () => {
    if (frame) win.cancelAnimationFrame(frame);
    win.removeEventListener("scroll", schedule, { capture: true });
    win.removeEventListener("resize", schedule);
    observer?.disconnect();
  };
}
