// @vitest-environment happy-dom
import { signal } from "@preact/signals";
import { describe, expect, it } from "vitest";
import { createBroadcast } from "../../console/models/broadcast.js";
import { fakeAgora } from "../widget/fake-agora.js";

function setup(live = false, holdJoins = false) {
  const agora = fakeAgora({ holdJoins });
  const room = signal(live);
  const loads: number[] = [];
  const broadcast = createBroadcast({
    loadSdk: async () => {
      loads.push(1);
      return agora.sdk;
    },
    getToken: agora.getToken,
    live: room,
  });
  const element = document.createElement("div");
  /** lets the queued SDK calls settle */
  const settle = () => new Promise((done) => setTimeout(done, 0));
  return { agora, room, loads, broadcast, element, settle };
}

describe("host broadcast (fake SDK)", () => {
  it("loads nothing until the camera is turned on, then previews without publishing", async () => {
    const { agora, room, loads, broadcast, element, settle } = setup();
    room.value = true;
    room.value = false;
    await settle();
    expect(loads).toEqual([]);
    await broadcast.preview(element);
    expect(loads).toHaveLength(1);
    const [microphone, camera] = agora.localTracks;
    expect(camera?.playedInto).toBe(element);
    expect(microphone?.playedInto).toBeUndefined(); // the host does not hear themself
    expect(broadcast.state.value).toBe("preview");
    expect(agora.clients).toHaveLength(0);
  });

  it("publishes as host when the room goes live and unpublishes when it ends", async () => {
    const { agora, room, broadcast, element, settle } = setup();
    await broadcast.preview(element);
    room.value = true;
    await settle();
    const client = agora.client;
    expect(client.config).toEqual({ mode: "live", codec: "vp8" });
    expect(client.role?.role).toBe("host");
    expect(client.joined).toEqual({ appid: "app", channel: "room_1", token: "rtc-1", uid: 4242 });
    expect(client.published).toEqual(agora.localTracks);
    expect(broadcast.state.value).toBe("publishing");

    client.emit("token-privilege-will-expire");
    await settle();
    expect(client.renewed).toEqual(["rtc-2"]);
    client.published = []; // as after the SDK dropped the channel
    client.emit("token-privilege-did-expire");
    await settle();
    expect(client.joined?.token).toBe("rtc-3");
    expect(client.published).toEqual(agora.localTracks);

    room.value = false;
    await settle();
    expect(client.published).toEqual([]);
    expect(client.left).toBe(true);
    expect(client.listenerCount).toBe(0);
    expect(broadcast.state.value).toBe("preview");

    room.value = true; // a second live in the same session publishes again, on a new client
    await settle();
    expect(agora.clients).toHaveLength(2);
    expect(agora.client.published).toEqual(agora.localTracks);
  });

  it("sees and hears a guest on stage (连麦) in a corner of the preview, and lets go when they step down or the live ends", async () => {
    const { agora, room, broadcast, element, settle } = setup();
    await broadcast.preview(element);
    room.value = true;
    await settle();
    const client = agora.client;
    const guest = { uid: 77, hasAudio: true, hasVideo: true };
    client.emit("user-published", guest, "video");
    client.emit("user-published", guest, "audio");
    await settle();
    const tile = client.videos[0]?.playedInto;
    expect(tile?.parentElement).toBe(element);
    expect(tile?.hasAttribute("data-guest")).toBe(true);
    expect(client.audios[0]?.plays).toBe(1);

    client.emit("user-unpublished", guest, "video");
    await settle();
    expect(client.videos[0]?.stopped).toBe(true);
    expect(tile?.isConnected).toBe(false);
    room.value = false;
    await settle();
    expect(client.audios[0]?.stopped).toBe(true);
  });

  it("turning the camera on while already live publishes at once", async () => {
    const { agora, broadcast, element, settle } = setup(true);
    await broadcast.preview(element);
    await settle();
    expect(agora.client.published).toHaveLength(2);
  });

  it("says why when video is not configured, and keeps the preview", async () => {
    const { agora, room, element, settle } = setup();
    const refused = createBroadcast({
      loadSdk: async () => agora.sdk,
      getToken: async () => {
        throw new Error("video_not_configured");
      },
      live: room,
    });
    await refused.preview(element);
    room.value = true;
    await settle();
    expect(refused.state.value).toBe("error");
    expect(refused.error.value).toBe("video_not_configured");
  });

  it("dispose unpublishes, leaves, and stops and closes the camera and microphone", async () => {
    const { agora, room, broadcast, element, settle } = setup();
    await broadcast.preview(element);
    room.value = true;
    await settle();
    const client = agora.client;
    await broadcast.dispose();
    expect(client.left).toBe(true);
    expect(client.published).toEqual([]);
    expect(agora.localTracks.every((t) => t.stopped && t.closed)).toBe(true);
    room.value = false;
    room.value = true;
    await settle();
    expect(agora.clients).toHaveLength(1);
  });

  it("closing the console while the join hangs still turns the camera off and never publishes", async () => {
    const { agora, room, broadcast, element, settle } = setup(false, true);
    await broadcast.preview(element);
    room.value = true;
    await settle();
    await broadcast.dispose(); // resolves although the join has not
    expect(agora.localTracks.every((t) => t.closed)).toBe(true);
    expect(agora.client.left).toBe(true);
    agora.client.finishJoin();
    await settle();
    expect(agora.client.published).toEqual([]);
  });
});
