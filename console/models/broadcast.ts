import { effect, type ReadonlySignal, signal } from "@preact/signals";
import type {
  HostClient,
  HostSdk,
  LocalTrack,
  RemoteAudioTrack,
  RemoteUser,
  RemoteVideoTrack,
  RtcGrant,
  Uid,
} from "../../client/agora-sdk.js";

/** The guest on stage (连麦) plays in a corner of the host's own preview. */
const GUEST_TILE_STYLE =
  "position:absolute;right:8px;bottom:8px;width:32%;aspect-ratio:3/4;border-radius:8px;overflow:hidden;background:#000";

/**
 * The host's camera and microphone: a preview first, published to the room's Agora channel
 * while the room is live, unpublished when it ends. The SDK loads on the first "camera on".
 */
export type BroadcastState = "off" | "starting" | "preview" | "publishing" | "error";

export interface BroadcastOptions {
  loadSdk: () => Promise<HostSdk>;
  /** an RTC token for the host (GET /v1/rooms/:room/rtc-token with the host's JWT) */
  getToken: () => Promise<RtcGrant>;
  /** the room is live (host:live), from the console */
  live: ReadonlySignal<boolean>;
}

export interface Broadcast {
  state: ReadonlySignal<BroadcastState>;
  /** why the last step failed: an Encore error code (video_not_configured, …) or the browser's */
  error: ReadonlySignal<string | null>;
  /** starts the camera and microphone and plays the camera into `element` */
  preview(element: HTMLElement): Promise<void>;
  dispose(): Promise<void>;
}

export function createBroadcast(options: BroadcastOptions): Broadcast {
  const state = signal<BroadcastState>("off");
  const error = signal<string | null>(null);
  let sdk: HostSdk | null = null;
  let tracks: [LocalTrack, LocalTrack] | null = null;
  let client: HostClient<LocalTrack> | null = null;
  let disposed = false;
  /** publish and unpublish run one after another, in the order the room's state asked */
  let queue: Promise<void> = Promise.resolve();
  let stage: HTMLElement | null = null;
  /** a guest on stage publishing into the channel: the host sees and hears them */
  const guests = new Map<
    Uid,
    { video: RemoteVideoTrack | null; audio: RemoteAudioTrack | null; tile: HTMLElement | null }
  >();

  const dropGuest = (uid: Uid, mediaType: string) => {
    const guest = guests.get(uid);
    if (!guest) return;
    if (mediaType === "video") {
      guest.video?.stop();
      guest.tile?.remove();
      guest.video = guest.tile = null;
    } else if (mediaType === "audio") {
      guest.audio?.stop();
      guest.audio = null;
    }
  };

  const hearGuest = async (rtc: HostClient<LocalTrack>, user: RemoteUser, mediaType: string) => {
    const guest = guests.get(user.uid) ?? { video: null, audio: null, tile: null };
    guests.set(user.uid, guest);
    if (mediaType === "video" && stage) {
      const track = await rtc.subscribe(user, "video");
      if (client !== rtc) return track.stop();
      dropGuest(user.uid, "video");
      guest.tile = stage.ownerDocument.createElement("div");
      guest.tile.setAttribute("style", GUEST_TILE_STYLE);
      guest.tile.setAttribute("data-guest", "");
      stage.append(guest.tile);
      guest.video = track;
      track.play(guest.tile);
    } else if (mediaType === "audio") {
      const track = await rtc.subscribe(user, "audio");
      if (client !== rtc) return track.stop();
      dropGuest(user.uid, "audio");
      guest.audio = track;
      track.play();
    }
  };

  const fail = (reason: unknown) => {
    error.value = reason instanceof Error ? reason.message : String(reason);
    state.value = "error";
  };

  const publish = async () => {
    if (!sdk || !tracks || client || disposed) return;
    const rtc = sdk.createClient({ mode: "live", codec: "vp8" });
    client = rtc;
    const local = tracks;
    const joinAndPublish = async () => {
      const grant = await options.getToken();
      // the live may have ended (or the console closed) while waiting: then this client is gone
      if (client !== rtc) return;
      await rtc.join(grant.appId, grant.channel, grant.token, grant.uid);
      if (client !== rtc) return;
      await rtc.publish(local);
      if (client === rtc) state.value = "publishing";
    };
    rtc.on("user-published", (user, mediaType) => {
      hearGuest(rtc, user, mediaType).catch(() => dropGuest(user.uid, mediaType));
    });
    rtc.on("user-unpublished", (user, mediaType) => dropGuest(user.uid, mediaType));
    rtc.on("token-privilege-will-expire", () => {
      options
        .getToken()
        .then((grant) => rtc.renewToken(grant.token))
        .catch(fail);
    });
    // the token ran out unrenewed: the SDK dropped the channel, so join and publish again
    rtc.on("token-privilege-did-expire", () => {
      joinAndPublish().catch(fail);
    });
    await rtc.setClientRole("host");
    await joinAndPublish();
  };

  const unpublish = async () => {
    const rtc = client;
    if (!rtc) return;
    client = null;
    rtc.removeAllListeners();
    for (const uid of [...guests.keys()]) {
      dropGuest(uid, "video");
      dropGuest(uid, "audio");
    }
    guests.clear();
    await rtc.unpublish().catch(() => {});
    await rtc.leave();
    if (!disposed && tracks) state.value = "preview";
  };

  const follow = (live: boolean) => {
    queue = queue
      .then(() => (live ? publish() : unpublish()))
      .catch((reason) => {
        client = null;
        fail(reason);
      });
  };

  let previewing = false;
  const stopFollowing = effect(() => {
    const live = options.live.value;
    if (previewing) follow(live);
  });

  return {
    state,
    error,
    async preview(element) {
      if (tracks || state.peek() === "starting") return;
      state.value = "starting";
      error.value = null;
      try {
        sdk = await options.loadSdk();
        const made = await sdk.createMicrophoneAndCameraTracks();
        if (disposed) {
          for (const track of made) track.close();
          return;
        }
        tracks = made;
        stage = element;
        made[1].play(element);
        state.value = "preview";
        previewing = true;
        if (options.live.peek()) follow(true);
      } catch (reason) {
        fail(reason);
      }
    },
    async dispose() {
      disposed = true;
      stopFollowing();
      // not behind the queue: a join that never finishes must not keep the camera on
      await unpublish().catch(() => {});
      for (const track of tracks ?? []) {
        track.stop();
        track.close();
      }
      tracks = null;
    },
  };
}
