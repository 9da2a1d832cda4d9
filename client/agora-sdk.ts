/**
 * The part of agora-rtc-sdk-ng (4.24, rtc-sdk_en.d.ts) that Encore uses, and nothing more, so a
 * test can stand in for the SDK and the SDK itself stays out of the first load. The real SDK
 * object is assigned to `AgoraSdk` where it is loaded, which checks these shapes against it.
 */
export type ConnectionState = "DISCONNECTED" | "CONNECTING" | "RECONNECTING" | "CONNECTED" | "DISCONNECTING";
export type MediaType = "audio" | "video" | "datachannel";
export type Uid = number | string;

/** VideoState: 0 stopped, 1 starting, 2 decoding, 3 frozen */
export const VIDEO_DECODING = 2;
export const VIDEO_FROZEN = 3;
/** AudienceLatencyLevelType.AUDIENCE_LEVEL_ULTRA_LOW_LATENCY */
export const ULTRA_LOW_LATENCY = 2;

export interface RemoteUser {
  uid: Uid;
  hasAudio: boolean;
  hasVideo: boolean;
}

export interface RemoteAudioTrack {
  play(): void;
  stop(): void;
}

export interface RemoteVideoTrack {
  play(element: HTMLElement): void;
  stop(): void;
  on(event: "video-state-changed", listener: (state: number) => void): void;
  on(event: "first-frame-decoded", listener: () => void): void;
  removeAllListeners(event?: string): void;
}

/** A camera or microphone track (host side); T is the SDK's own track type. */
export interface LocalTrack {
  play(element?: HTMLElement): void;
  stop(): void;
  close(): void;
}

export interface RtcClient {
  on(event: "user-published", listener: (user: RemoteUser, mediaType: MediaType) => void): void;
  on(event: "user-unpublished", listener: (user: RemoteUser, mediaType: MediaType) => void): void;
  on(event: "connection-state-change", listener: (current: ConnectionState, previous: ConnectionState) => void): void;
  on(event: "token-privilege-will-expire", listener: () => void): void;
  on(event: "token-privilege-did-expire", listener: () => void): void;
  removeAllListeners(event?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's own option type is an enum we must not import at run time
  setClientRole(role: "host" | "audience", options?: { level: any }): Promise<void>;
  join(appid: string, channel: string, token: string | null, uid?: Uid | null): Promise<Uid>;
  subscribe(user: RemoteUser, mediaType: "video"): Promise<RemoteVideoTrack>;
  subscribe(user: RemoteUser, mediaType: "audio"): Promise<RemoteAudioTrack>;
  renewToken(token: string): Promise<void>;
  leave(): Promise<void>;
}

/** The host's client publishes the tracks its SDK made. */
export interface HostClient<T extends LocalTrack> extends RtcClient {
  publish(tracks: T[]): Promise<void>;
  unpublish(tracks?: T[]): Promise<void>;
}

export interface AgoraSdk {
  createClient(config: { mode: "live"; codec: "vp8" | "h264" }): RtcClient;
  /** called once when the browser refuses to play with sound before a gesture */
  onAutoplayFailed?: (() => void) | undefined;
}

export interface HostSdk<T extends LocalTrack = LocalTrack> {
  createClient(config: { mode: "live"; codec: "vp8" | "h264" }): HostClient<T>;
  createMicrophoneAndCameraTracks(): Promise<[T, T]>;
}

/** What `GET /v1/rooms/:room/rtc-token` answers (protocol/http.ts RtcTokenResponse). */
export interface RtcGrant {
  appId: string;
  channel: string;
  uid: number;
  token: string;
}
