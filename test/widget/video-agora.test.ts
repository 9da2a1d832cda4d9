// @vitest-environment happy-dom
import { act, fireEvent, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ULTRA_LOW_LATENCY, VIDEO_DECODING, VIDEO_FROZEN } from "../../client/agora-sdk.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import { messagesFor } from "../../widget/i18n/index.js";
import { panelsEager } from "../../widget/lazy/load-eager.js";
import { BEAT_INTERVAL_MS } from "../../widget/models/watch.js";
import { type Mounted, mountOverlay } from "../../widget/mount.js";
import { FIRST_FRAME_TIMEOUT_MS, startAgoraViewer } from "../../widget/video/agora.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { snapshot } from "./builders.js";
import { fakeAgora } from "./fake-agora.js";

const en = messagesFor("en");
let current: Mounted | null = null;

/** The overlay with data-video="agora", the fake SDK behind the lazy loader, and a member online. */
function mountAgora() {
  const agora = fakeAgora();
  const fake = new FakeTransport({ unanswered: "timeout" });
  fake.answer(ClientEvent.beat, () => ({ ok: true, data: { creditedSeconds: 30, watch: snapshot().watch } }));
  const loads: number[] = [];
  current = mountOverlay({
    room: "room_1",
    token: "jwt",
    locale: "en",
    video: "agora",
    transport: fake,
    loadPanel: panelsEager,
    loadAgora: async () => {
      loads.push(1);
      return {
        sdk: agora.sdk,
        startAgoraViewer: (options) => startAgoraViewer({ ...options, getToken: agora.getToken }),
      };
    },
  });
  const mounted = current;
  act(() => {
    fake.setLink({ state: "online" });
    fake.push(ServerEvent.snapshot, snapshot());
  });
  const ui = within(mounted.shadowRoot as unknown as HTMLElement);
  const beats = () => fake.callsOf(ClientEvent.beat);
  const lastBeat = () => beats().at(-1);
  /** lets the viewer's awaited SDK calls settle */
  const settle = () =>
    act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
  return { agora, fake, ui, mounted, loads, beats, lastBeat, settle };
}

/** Timers the same overlay leaves pending without any player (its own one-shot ones, not the player's). */
/**
 * Preact runs effects after paint (a rAF and a 35 ms timeout): what a render scheduled last is
 * the renderer's, not a leak, so both counts below are taken after it has run.
 */
const AFTER_PAINT_MS = 50;

function timersLeftWithoutVideo(): number {
  const before = vi.getTimerCount();
  const fake = new FakeTransport({ unanswered: "timeout" });
  const mounted = mountOverlay({
    room: "room_1",
    token: "jwt",
    locale: "en",
    video: "none",
    transport: fake,
  });
  act(() => {
    fake.setLink({ state: "online" });
    fake.push(ServerEvent.snapshot, snapshot());
  });
  act(() => {
    vi.advanceTimersByTime(AFTER_PAINT_MS);
  });
  mounted.unmount();
  return vi.getTimerCount() - before;
}

describe("Agora adapter (fake SDK)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    current?.unmount();
    current = null;
    vi.useRealTimers();
  });

  it("loads nothing and beats as not playing until the viewer taps play", async () => {
    const { ui, loads, lastBeat, agora } = mountAgora();
    expect(lastBeat()).toEqual({ playing: false, visible: true });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(BEAT_INTERVAL_MS * 3);
    });
    expect(loads).toEqual([]);
    expect(agora.clients).toHaveLength(0);
    expect(ui.getByRole("button", { name: `▶ ${en.video.play}` })).toBeTruthy();
  });

  it("joins as ultra-low-latency audience, plays into the stage in the shadow root, and beats only while frames decode", async () => {
    const { ui, mounted, loads, agora, beats, lastBeat, settle } = mountAgora();
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    await settle();
    expect(loads).toHaveLength(1);
    const client = agora.client;
    expect(client.config).toEqual({ mode: "live", codec: "vp8" });
    expect(client.role).toEqual({ role: "audience", options: { level: ULTRA_LOW_LATENCY } });
    expect(client.joined).toEqual({ appid: "app", channel: "room_1", token: "rtc-1", uid: 4242 });
    expect(mounted.shadowRoot.querySelector("[data-phase]")?.getAttribute("data-phase")).toBe("waiting");
    expect(ui.getByText("Waiting for the host…")).toBeTruthy();

    client.hostPublishes("video");
    client.hostPublishes("audio");
    await settle();
    const video = client.videos[0];
    const stage = ui.getByTestId("stage");
    expect(video?.playedInto).toBe(stage);
    expect(stage.getRootNode()).toBe(mounted.shadowRoot);
    expect(client.audios[0]?.plays).toBe(1);
    expect(lastBeat()).toEqual({ playing: false, visible: true });

    act(() => video?.emit("first-frame-decoded"));
    expect(lastBeat()).toEqual({ playing: true, visible: true });
    const playingSince = beats().length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(BEAT_INTERVAL_MS * 2);
    });
    expect(beats().length).toBe(playingSince + 2);

    // frozen video: one beat saying so, then silence until it decodes again
    act(() => video?.emit("video-state-changed", VIDEO_FROZEN));
    expect(lastBeat()).toEqual({ playing: false, visible: true });
    const frozenAt = beats().length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(BEAT_INTERVAL_MS * 3);
    });
    expect(beats().length).toBe(frozenAt);
    act(() => video?.emit("video-state-changed", VIDEO_DECODING));
    expect(lastBeat()).toEqual({ playing: true, visible: true });

    // the connection drops and comes back
    act(() => client.connection("RECONNECTING"));
    expect(lastBeat()).toEqual({ playing: false, visible: true });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(BEAT_INTERVAL_MS * 2);
    });
    const reconnectingAt = beats().length;
    act(() => client.connection("CONNECTED"));
    expect(lastBeat()).toEqual({ playing: true, visible: true });
    expect(beats().length).toBe(reconnectingAt + 1);

    // the host stops publishing video: not playing, waiting in words
    act(() => client.hostUnpublishes("video"));
    expect(lastBeat()).toEqual({ playing: false, visible: true });
    expect(video?.stopped).toBe(true);
    expect(ui.getByText("Waiting for the host…")).toBeTruthy();
  });

  it("plays a guest on stage (连麦) in a tile beside the host, hears them, and drops only theirs when they leave", async () => {
    const { ui, agora, settle } = mountAgora();
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    await settle();
    const client = agora.client;
    client.hostPublishes("video");
    client.hostPublishes("audio");
    await settle();
    const guest = { uid: 99, hasAudio: true, hasVideo: true };
    client.emit("user-published", guest, "video");
    client.emit("user-published", guest, "audio");
    await settle();
    const stage = ui.getByTestId("stage");
    const [host, guestVideo] = client.videos;
    expect(host?.playedInto).toBe(stage);
    const tile = guestVideo?.playedInto;
    expect(tile).not.toBe(stage);
    expect(tile?.hasAttribute("data-guest")).toBe(true);
    expect(tile?.parentElement).toBe(stage);
    expect(client.audios.map((a) => a.plays)).toEqual([1, 1]);

    client.emit("user-unpublished", guest, "video");
    client.emit("user-unpublished", guest, "audio");
    await settle();
    expect(guestVideo?.stopped).toBe(true);
    expect(client.audios[1]?.stopped).toBe(true);
    expect(tile?.isConnected).toBe(false);
    expect(host?.stopped).toBe(false);
    expect(client.audios[0]?.stopped).toBe(false);
  });

  it("counts a video with no first frame within a few seconds as stalled", async () => {
    const { ui, agora, lastBeat, settle } = mountAgora();
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    await settle();
    agora.client.hostPublishes("video");
    await settle();
    expect(current?.shadowRoot.querySelector("[data-phase]")?.getAttribute("data-phase")).toBe("starting");
    await act(async () => {
      await vi.advanceTimersByTimeAsync(FIRST_FRAME_TIMEOUT_MS);
    });
    expect(current?.shadowRoot.querySelector("[data-phase]")?.getAttribute("data-phase")).toBe("stalled");
    expect(lastBeat()).toEqual({ playing: false, visible: true });
    act(() => agora.client.videos[0]?.emit("first-frame-decoded"));
    expect(lastBeat()).toEqual({ playing: true, visible: true });
  });

  it("renews the RTC token when the SDK says it will expire", async () => {
    const { ui, agora, settle } = mountAgora();
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    await settle();
    agora.client.emit("token-privilege-will-expire");
    await settle();
    expect(agora.grants.map((g) => g.token)).toEqual(["rtc-1", "rtc-2"]);
    expect(agora.client.renewed).toEqual(["rtc-2"]);
  });

  it("joins again with a new token when the old one expired unrenewed", async () => {
    const { ui, agora, settle } = mountAgora();
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    await settle();
    agora.client.emit("token-privilege-did-expire");
    await settle();
    expect(agora.client.joined?.token).toBe("rtc-2");
    expect(current?.shadowRoot.querySelector("[data-phase]")?.getAttribute("data-phase")).toBe("waiting");
  });

  it("plays muted when sound is refused, and a tap brings the sound", async () => {
    const { ui, agora, settle } = mountAgora();
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    await settle();
    agora.client.hostPublishes("audio");
    await settle();
    const audio = agora.client.audios[0];
    expect(audio?.plays).toBe(1);
    act(() => agora.sdk.onAutoplayFailed?.());
    const sound = ui.getByRole("button", { name: "🔊 Tap for sound" });
    fireEvent.click(sound);
    expect(audio?.plays).toBe(2);
    expect(ui.queryByRole("button", { name: "🔊 Tap for sound" })).toBeNull();
  });

  it("leaves the channel on unmount and leaves nothing behind", async () => {
    const leftByOverlay = timersLeftWithoutVideo();
    const timersBefore = vi.getTimerCount();
    const { ui, agora, beats, settle } = mountAgora();
    const before = agora.sdk.onAutoplayFailed;
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    await settle();
    const client = agora.client;
    client.hostPublishes("video");
    client.hostPublishes("audio");
    await settle();
    act(() => agora.sdk.onAutoplayFailed?.());
    // the first-frame watch is still pending: unmount must cancel it too
    const stage = ui.getByTestId("stage");
    expect(stage.querySelector("button")).not.toBeNull();

    current?.unmount();
    current = null;
    await settle();
    expect(client.left).toBe(true);
    expect(client.listenerCount).toBe(0);
    expect(client.videos[0]?.listenerCount).toBe(0);
    expect(client.videos[0]?.stopped).toBe(true);
    expect(client.audios[0]?.stopped).toBe(true);
    expect(agora.sdk.onAutoplayFailed).toBe(before);
    expect(stage.querySelector("button")).toBeNull();
    act(() => {
      vi.advanceTimersByTime(AFTER_PAINT_MS);
    });
    expect(vi.getTimerCount() - timersBefore).toBe(leftByOverlay);
    const after = beats().length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(BEAT_INTERVAL_MS * 3);
    });
    expect(beats().length).toBe(after);
  });

  it("unmounting while the player is still loading never joins", async () => {
    const { ui, agora, settle } = mountAgora();
    fireEvent.click(ui.getByRole("button", { name: `▶ ${en.video.play}` }));
    current?.unmount();
    current = null;
    await settle();
    expect(agora.clients).toHaveLength(0);
  });
});

describe("Agora viewer on a network that never answers", () => {
  it("leaves at once even while the join hangs, and a late join is left again", async () => {
    const agora = fakeAgora({ holdJoins: true });
    const phases: string[] = [];
    const viewer = startAgoraViewer({
      sdk: agora.sdk,
      element: document.createElement("div"),
      server: "http://127.0.0.1:1",
      room: "room_1",
      token: "jwt",
      locale: "en",
      onPhase: (phase) => phases.push(phase),
      getToken: agora.getToken,
    });
    const client = agora.client;
    await new Promise((done) => setTimeout(done, 0));
    expect(client.joined).not.toBeNull();
    await viewer.leave(); // resolves although the join has not
    expect(client.left).toBe(true);
    client.left = false;
    client.finishJoin();
    await new Promise((done) => setTimeout(done, 0));
    expect(client.left).toBe(true);
    expect(phases).toEqual(["connecting"]);
  });
});

describe("Agora viewer refused a token", () => {
  it("says the stream cannot be played, in the viewer's language, and never plays", async () => {
    const agora = fakeAgora();
    const element = document.createElement("div");
    const phases: string[] = [];
    const viewer = startAgoraViewer({
      sdk: agora.sdk,
      element,
      server: "http://127.0.0.1:1",
      room: "room_1",
      token: null,
      locale: "zh-CN",
      onPhase: (phase) => phases.push(phase),
      getToken: () => Promise.reject(new Error("unauthorized")),
    });
    await new Promise((done) => setTimeout(done, 0));
    expect(phases).toEqual(["connecting", "error"]);
    expect(element.querySelector("[role=status]")?.textContent).toBe("暂时无法播放直播。");
    expect(agora.client.joined).toBeNull();
    await viewer.leave();
    expect(element.childNodes).toHaveLength(0);
  });
});
