// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { defineEncoreLive } from "../../widget/index.js";
import { agoraVideo } from "../../widget/video/agora-shell.js";
import { resolveVideo } from "../../widget/video/index.js";

afterEach(() => {
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

function fakeVideo(): HTMLVideoElement & { set(state: { paused: boolean; ended?: boolean }, event: string): void } {
  const video = document.createElement("video") as HTMLVideoElement & {
    set(state: { paused: boolean; ended?: boolean }, event: string): void;
  };
  let paused = true;
  let ended = false;
  Object.defineProperty(video, "paused", { get: () => paused });
  Object.defineProperty(video, "ended", { get: () => ended });
  video.set = (state, event) => {
    paused = state.paused;
    ended = state.ended ?? false;
    video.dispatchEvent(new Event(event));
  };
  return video;
}

describe("video adapters", () => {
  it("html5: playing only while advancing, not paused, ended or buffering", () => {
    const video = fakeVideo();
    video.id = "live";
    document.body.append(video);
    const adapter = resolveVideo("#live", document);
    expect(adapter.kind).toBe("html5");
    expect(adapter.element).toBe(video);
    expect(adapter.playing.value).toBe(false);
    video.set({ paused: false }, "playing");
    expect(adapter.playing.value).toBe(true);
    video.set({ paused: false }, "waiting");
    expect(adapter.playing.value).toBe(false);
    expect(adapter.stalled.value).toBe(true);
    video.set({ paused: false }, "playing");
    video.set({ paused: true }, "pause");
    expect(adapter.playing.value).toBe(false);
    video.set({ paused: false }, "playing");
    video.set({ paused: false, ended: true }, "ended");
    expect(adapter.playing.value).toBe(false);
    adapter.destroy();
    video.set({ paused: false }, "playing");
    expect(adapter.playing.value).toBe(false);
  });

  it('"none", a missing element or a bad selector count the stream as always playing', () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const spec of ["none", undefined, "#nothing", "##bad"]) {
      const adapter = resolveVideo(spec, document);
      expect(adapter.kind).toBe("none");
      expect(adapter.playing.value).toBe(true);
    }
  });
});

describe("<encore-live>", () => {
  it("mounts into its own shadow root and lets go when removed", () => {
    defineEncoreLive("encore-live-test");
    const element = document.createElement("encore-live-test");
    element.setAttribute("room", "room_1");
    element.setAttribute("locale", "en");
    element.setAttribute("server", "http://127.0.0.1:1");
    document.body.append(element);
    expect(element.shadowRoot?.querySelector("style")).not.toBeNull();
    expect(element.shadowRoot?.textContent).toContain("Connecting");
    element.remove();
    expect(element.shadowRoot?.childNodes).toHaveLength(0);
  });
});

describe('data-video="agora"', () => {
  it("without a loader in the build, counts the stream as playing rather than failing", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const adapter = resolveVideo("agora", document);
    expect(adapter.kind).toBe("none");
    expect(adapter.playing.value).toBe(true);
  });

  it("with a loader, is the Agora adapter: idle and not playing until play intent", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    let loads = 0;
    const adapter = resolveVideo("agora", document, () =>
      agoraVideo(
        async () => {
          loads++;
          throw new Error("not in this test");
        },
        { server: "http://127.0.0.1:1", room: "r", token: null, locale: "en" },
      ),
    );
    expect(adapter.kind).toBe("agora");
    expect(adapter.player?.phase.value).toBe("idle");
    expect(adapter.playing.value).toBe(false);
    adapter.player?.play(); // no stage attached yet: nothing to play into, nothing loads
    expect(loads).toBe(0);
    adapter.attach(document.createElement("div"));
    adapter.player?.play();
    adapter.player?.play();
    expect(loads).toBe(1);
    expect(adapter.player?.phase.value).toBe("connecting");
    // a player that cannot load shows the play button again (another tap retries), never playing
    await vi.waitFor(() => expect(warn).toHaveBeenCalled());
    expect(adapter.player?.phase.value).toBe("idle");
    expect(adapter.playing.value).toBe(false);
    adapter.player?.play();
    expect(loads).toBe(2);
  });
});
