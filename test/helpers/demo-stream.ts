import type { Page } from "playwright-core";
import type { TestServer } from "../../support/server.js";

/**
 * Plays or pauses the demo page's stream and waits until the server has answered the beat that
 * change sends. On a busy machine the real video can stall and recover on its own, and each of
 * those sends a beat in the same frozen second of server time, so the change's beat is refused as
 * too soon; the widget says it again a second later, and the server's clock moves a second for it.
 * `strict`: a stream already in that state is a failure (the journey's precondition); otherwise
 * there is nothing to do.
 */
export async function setStreamPlaying(server: TestServer, page: Page, playing: boolean, strict = true) {
  const answered = page.evaluate(
    async ({ play, strict }) => {
      type Watch = { value: unknown; subscribe(fn: (value: unknown) => void): () => void };
      type Models = { playing: { value: boolean }; watch: { status: Watch } };
      const encore = (window as unknown as { Encore: { current: { models: Models } } }).Encore;
      const { playing: widgetPlaying, watch } = encore.current.models;
      const before = watch.status.value;
      const video = document.getElementById("live-video") as HTMLVideoElement;
      if (video.paused !== play) {
        if (strict) throw new Error(`the stream is already ${play ? "playing" : "paused"}`);
        return;
      }
      if (!play && !widgetPlaying.value) {
        // stalled: the widget closed the stretch with a beat when the stall began; pausing changes nothing it reports
        video.pause();
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no answer to the beat")), 8000);
        const stop = watch.status.subscribe((value) => {
          if (value === before) return;
          clearTimeout(timer);
          queueMicrotask(() => stop());
          resolve();
        });
        if (play) void video.play();
        else video.pause();
      });
    },
    { play: playing, strict },
  );
  let done = false;
  const settled = answered.finally(() => {
    done = true;
  });
  while (!done) {
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 1500))]);
    if (!done) server.clock.advance(1000);
  }
  await answered;
}
