import {
  type AgoraSdk,
  type RemoteAudioTrack,
  type RemoteUser,
  type RemoteVideoTrack,
  type RtcClient,
  type RtcGrant,
  type Uid,
  ULTRA_LOW_LATENCY,
  VIDEO_DECODING,
  VIDEO_FROZEN,
} from "../../client/agora-sdk.js";
import { rtcGrant } from "../../client/rtc-grant.js";

/**
 * The Agora viewer: the lazily loaded half of the Agora adapter (never in encore.js). It joins
 * the room's channel as audience, plays the host's tracks into the element it is given, and
 * reports one state: playing only while frames are decoding.
 */
export type AgoraPhase = "connecting" | "waiting" | "starting" | "playing" | "stalled" | "error";

export interface AgoraViewerOptions {
  sdk: AgoraSdk;
  /** inside the overlay's shadow root: the SDK gets the element itself, never an id */
  element: HTMLElement;
  /** the Encore server, the room, and the viewer's JWT that buys the RTC token */
  server: string;
  room: string;
  token: string | null;
  locale: string;
  onPhase(phase: AgoraPhase): void;
  /** a fresh RTC token; by default GET /v1/rooms/:room/rtc-token with the viewer's JWT */
  getToken?: () => Promise<RtcGrant>;
  /** no first frame this long after subscribing counts as stalled */
  firstFrameTimeoutMs?: number;
}

export interface AgoraViewer {
  leave(): Promise<void>;
}

export const FIRST_FRAME_TIMEOUT_MS = 5000;
/** The player's own words (kept out of encore.js, which carries only the play button's). */
const WORDS: Record<string, { sound: string; waiting: string; error: string }> = {
  "zh-CN": { sound: "🔊 点击开启声音", waiting: "等待主播开播…", error: "暂时无法播放直播。" },
  en: { sound: "🔊 Tap for sound", waiting: "Waiting for the host…", error: "The stream cannot be played now." },
};

const SOUND_STYLE =
  "position:absolute;top:72px;left:50%;transform:translateX(-50%);pointer-events:auto;z-index:1;border:0;" +
  "border-radius:9999px;padding:10px 20px;font:600 14px system-ui,sans-serif;" +
  "background:var(--encore-accent,#e11d48);color:var(--encore-accent-ink,#fff);cursor:pointer";

const STATUS_STYLE =
  "position:absolute;top:50%;left:0;right:0;margin:0;text-align:center;font:12px system-ui,sans-serif;" +
  "color:var(--encore-muted,#a1a1aa);pointer-events:none";

/** A guest on stage (连麦) plays in a tile over the host's picture, not in its place. */
const TILE_STYLE =
  "position:absolute;right:12px;top:120px;width:30%;max-width:160px;aspect-ratio:3/4;border-radius:12px;" +
  "overflow:hidden;background:#000;z-index:1;box-shadow:0 4px 12px rgba(0,0,0,.4);pointer-events:none";

interface GuestTracks {
  video: RemoteVideoTrack | null;
  audio: RemoteAudioTrack | null;
  tile: HTMLElement | null;
}

export function startAgoraViewer(options: AgoraViewerOptions): AgoraViewer {
  const { sdk, element } = options;
  const words = WORDS[options.locale] ?? (WORDS.en as (typeof WORDS)[string]);
  // "waiting for the host" or "cannot be played", in words, over the stage
  const status = element.ownerDocument.createElement("p");
  status.setAttribute("role", "status");
  status.setAttribute("style", STATUS_STYLE);
  element.append(status);
  const getToken = options.getToken ?? rtcGrant(options.server, options.room, options.token);
  const client: RtcClient = sdk.createClient({ mode: "live", codec: "vp8" });
  let connected = false;
  let video: RemoteVideoTrack | null = null;
  let audio: RemoteAudioTrack | null = null;
  let decoding = false;
  let frozen = false;
  let firstFrameLate = false;
  let firstFrameTimer: ReturnType<typeof setTimeout> | undefined;
  let failed = false;
  let left = false;
  let last = "";
  let soundButton: HTMLButtonElement | null = null;
  /**
   * The first user to publish is the host, whose tracks are the stream; anyone publishing beside
   * them is a guest on stage, played in a tile and heard too, and their leaving drops only theirs.
   */
  let main: Uid | null = null;
  const guests = new Map<Uid, GuestTracks>();

  const report = () => {
    if (left) return;
    const phase: AgoraPhase = failed
      ? "error"
      : !connected
        ? "connecting"
        : !video
          ? "waiting"
          : frozen || firstFrameLate
            ? "stalled"
            : decoding
              ? "playing"
              : "starting";
    if (phase === last) return;
    last = phase;
    status.textContent = phase === "waiting" ? words.waiting : phase === "error" ? words.error : "";
    options.onPhase(phase);
  };

  const unmute = () => {
    soundButton?.remove();
    soundButton = null;
    audio?.play();
    for (const guest of guests.values()) guest.audio?.play();
  };

  const dropGuest = (uid: Uid, mediaType: string) => {
    const guest = guests.get(uid);
    if (!guest) return;
    if (mediaType === "video") {
      guest.video?.stop();
      guest.video = null;
      guest.tile?.remove();
      guest.tile = null;
    } else if (mediaType === "audio") {
      guest.audio?.stop();
      guest.audio = null;
    }
  };

  const subscribeGuest = async (user: RemoteUser, mediaType: string) => {
    const guest = guests.get(user.uid) ?? { video: null, audio: null, tile: null };
    guests.set(user.uid, guest);
    if (mediaType === "video") {
      const track = await client.subscribe(user, "video");
      if (left) return;
      dropGuest(user.uid, "video");
      guest.tile = element.ownerDocument.createElement("div");
      guest.tile.setAttribute("style", TILE_STYLE);
      guest.tile.setAttribute("data-guest", "");
      element.append(guest.tile);
      guest.video = track;
      track.play(guest.tile);
    } else if (mediaType === "audio") {
      const track = await client.subscribe(user, "audio");
      if (left) return;
      dropGuest(user.uid, "audio");
      guest.audio = track;
      if (!soundButton) track.play();
    }
  };

  const dropVideo = () => {
    clearTimeout(firstFrameTimer);
    video?.removeAllListeners();
    video?.stop();
    video = null;
    decoding = frozen = firstFrameLate = false;
  };

  const previousAutoplay = sdk.onAutoplayFailed;
  // Sound was refused before a gesture: the video goes on muted, and a tap brings the sound.
  sdk.onAutoplayFailed = () => {
    if (left || soundButton) return;
    soundButton = element.ownerDocument.createElement("button");
    soundButton.type = "button";
    soundButton.textContent = words.sound;
    soundButton.setAttribute("style", SOUND_STYLE);
    soundButton.addEventListener("click", unmute);
    element.append(soundButton);
  };

  const subscribe = async (user: RemoteUser, mediaType: string) => {
    main ??= user.uid;
    if (user.uid !== main) return subscribeGuest(user, mediaType);
    if (mediaType === "video") {
      const track = await client.subscribe(user, "video");
      if (left) return;
      dropVideo();
      video = track;
      track.on("first-frame-decoded", () => {
        clearTimeout(firstFrameTimer);
        decoding = true;
        firstFrameLate = false;
        report();
      });
      track.on("video-state-changed", (state) => {
        frozen = state === VIDEO_FROZEN;
        if (state === VIDEO_DECODING) {
          clearTimeout(firstFrameTimer);
          decoding = true;
          firstFrameLate = false;
        }
        report();
      });
      firstFrameTimer = setTimeout(() => {
        firstFrameLate = !decoding;
        report();
      }, options.firstFrameTimeoutMs ?? FIRST_FRAME_TIMEOUT_MS);
      track.play(element);
    } else if (mediaType === "audio") {
      const track = await client.subscribe(user, "audio");
      if (left) return;
      audio?.stop();
      audio = track;
      track.play();
    }
    report();
  };

  const fail = () => {
    failed = true;
    report();
  };

  const join = async () => {
    const grant = await getToken();
    if (left) return;
    await client.join(grant.appId, grant.channel, grant.token, grant.uid);
    // a join that finished after leave() must not stay joined
    if (left) await client.leave();
  };

  client.on("user-published", (user, mediaType) => {
    subscribe(user, mediaType).catch(fail);
  });
  client.on("user-unpublished", (user, mediaType) => {
    if (main !== null && user.uid !== main) return dropGuest(user.uid, mediaType);
    if (mediaType === "video") dropVideo();
    if (mediaType === "audio") {
      audio?.stop();
      audio = null;
    }
    report();
  });
  client.on("connection-state-change", (current) => {
    connected = current === "CONNECTED";
    report();
  });
  // 30 s before the token runs out: renew it in place
  client.on("token-privilege-will-expire", () => {
    getToken()
      .then((grant) => (left ? undefined : client.renewToken(grant.token)))
      .catch(fail);
  });
  // missed that (a sleeping laptop): the SDK has dropped the channel; join again with a new token
  client.on("token-privilege-did-expire", () => {
    join().catch(fail);
  });

  report();
  client.setClientRole("audience", { level: ULTRA_LOW_LATENCY }).then(join).catch(fail);

  return {
    async leave() {
      if (left) return;
      left = true;
      soundButton?.remove();
      status.remove();
      dropVideo();
      audio?.stop();
      audio = null;
      for (const uid of guests.keys()) {
        dropGuest(uid, "video");
        dropGuest(uid, "audio");
      }
      client.removeAllListeners();
      if (sdk.onAutoplayFailed) sdk.onAutoplayFailed = previousAutoplay;
      // leaving also abandons a join still in flight (it may never finish on a dead network)
      await client.leave().catch(() => {});
    },
  };
}
