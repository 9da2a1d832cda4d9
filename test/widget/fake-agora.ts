import type AgoraRTC from "agora-rtc-sdk-ng";
import type { ILocalTrack } from "agora-rtc-sdk-ng";
import type {
  AgoraSdk,
  ConnectionState,
  HostClient,
  HostSdk,
  LocalTrack,
  MediaType,
  RemoteUser,
  RtcGrant,
} from "../../client/agora-sdk.js";

/** The SDK itself must fit the surface the fake implements (checked by tsc, never run). */
export const realSdkFits = (sdk: typeof AgoraRTC): AgoraSdk & HostSdk<ILocalTrack> => sdk;

type Listener = (...args: never[]) => void;

/** Listeners by event name, counted so a test can see that nothing is left behind. */
class Emitter {
  listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener) {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
  }
  removeAllListeners(event?: string) {
    if (event) this.listeners.delete(event);
    else this.listeners.clear();
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }
  get listenerCount() {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}

export class FakeRemoteVideo extends Emitter {
  playedInto: HTMLElement | null = null;
  stopped = false;
  play(element: HTMLElement) {
    this.playedInto = element;
  }
  stop() {
    this.stopped = true;
  }
}

export class FakeRemoteAudio {
  plays = 0;
  stopped = false;
  play() {
    this.plays++;
  }
  stop() {
    this.stopped = true;
  }
}

export class FakeLocalTrack implements LocalTrack {
  playedInto: HTMLElement | undefined;
  closed = false;
  stopped = false;
  constructor(readonly kind: "audio" | "video") {}
  play(element?: HTMLElement) {
    this.playedInto = element;
  }
  stop() {
    this.stopped = true;
  }
  close() {
    this.closed = true;
  }
}

export class FakeClient extends Emitter implements HostClient<FakeLocalTrack> {
  role: { role: string; options?: unknown } | null = null;
  joined: { appid: string; channel: string; token: string | null; uid?: string | number | null } | null = null;
  renewed: string[] = [];
  published: FakeLocalTrack[] = [];
  left = false;
  videos: FakeRemoteVideo[] = [];
  audios: FakeRemoteAudio[] = [];
  constructor(readonly config: { mode: string; codec: string }) {
    super();
  }
  override on(event: string, listener: Listener) {
    super.on(event, listener);
  }
  async setClientRole(role: "host" | "audience", options?: { level: unknown }) {
    this.role = { role, options };
  }
  /** set: join() waits for finishJoin(), as on a network that does not answer */
  holdJoin = false;
  finishJoin: () => void = () => {};
  async join(appid: string, channel: string, token: string | null, uid?: string | number | null) {
    this.joined = { appid, channel, token, uid };
    if (this.holdJoin) await new Promise<void>((done) => (this.finishJoin = done));
    this.emit("connection-state-change", "CONNECTED", "CONNECTING");
    return uid ?? 1;
  }
  subscribe(user: RemoteUser, mediaType: "video"): Promise<FakeRemoteVideo>;
  subscribe(user: RemoteUser, mediaType: "audio"): Promise<FakeRemoteAudio>;
  async subscribe(_user: RemoteUser, mediaType: "video" | "audio") {
    if (mediaType === "video") {
      const track = new FakeRemoteVideo();
      this.videos.push(track);
      return track;
    }
    const track = new FakeRemoteAudio();
    this.audios.push(track);
    return track;
  }
  async renewToken(token: string) {
    this.renewed.push(token);
  }
  async publish(tracks: FakeLocalTrack[]) {
    this.published.push(...tracks);
  }
  async unpublish(tracks?: FakeLocalTrack[]) {
    this.published = tracks ? this.published.filter((t) => !tracks.includes(t)) : [];
  }
  async leave() {
    this.left = true;
    this.emit("connection-state-change", "DISCONNECTED", "CONNECTED");
  }
  /** the host publishes (or stops publishing) a track, as the SDK reports it to the audience */
  hostPublishes(mediaType: MediaType) {
    this.emit("user-published", { uid: "host_1", hasAudio: true, hasVideo: true }, mediaType);
  }
  hostUnpublishes(mediaType: MediaType) {
    this.emit("user-unpublished", { uid: "host_1", hasAudio: true, hasVideo: true }, mediaType);
  }
  connection(state: ConnectionState) {
    this.emit("connection-state-change", state, "CONNECTED");
  }
}

/** A stand-in for agora-rtc-sdk-ng: the calls Encore makes, and the events a test plays back. */
export function fakeAgora(options: { holdJoins?: boolean } = {}) {
  const clients: FakeClient[] = [];
  const localTracks: FakeLocalTrack[] = [];
  const sdk: AgoraSdk & HostSdk<FakeLocalTrack> = {
    createClient(config) {
      const client = new FakeClient(config);
      client.holdJoin = options.holdJoins ?? false;
      clients.push(client);
      return client;
    },
    async createMicrophoneAndCameraTracks() {
      const tracks: [FakeLocalTrack, FakeLocalTrack] = [new FakeLocalTrack("audio"), new FakeLocalTrack("video")];
      localTracks.push(...tracks);
      return tracks;
    },
    onAutoplayFailed: undefined,
  };
  let issued = 0;
  const grants: RtcGrant[] = [];
  const getToken = async (): Promise<RtcGrant> => {
    issued++;
    const grant = { appId: "app", channel: "room_1", uid: 4242, token: `rtc-${issued}` };
    grants.push(grant);
    return grant;
  };
  return {
    sdk,
    clients,
    localTracks,
    grants,
    getToken,
    get client(): FakeClient {
      const client = clients.at(-1);
      if (!client) throw new Error("no client was created");
      return client;
    },
  };
}
