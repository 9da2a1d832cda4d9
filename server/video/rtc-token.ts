import { createRequire } from "node:module";
import type * as AgoraToken from "agora-token";
import type { Role } from "../../protocol/index.js";

// agora-token is CommonJS whose exports Node's ESM loader cannot name statically.
const { RtcRole, RtcTokenBuilder } = createRequire(import.meta.url)("agora-token") as typeof AgoraToken;

/** The operator's Agora project. The App ID is public; the certificate never leaves the server. */
export interface AgoraConfig {
  appId: string;
  appCertificate: string;
}

/** Longest an RTC token lives; the widget renews it before it runs out. */
export const RTC_TOKEN_TTL_SECONDS = 3600;

const HEX32 = /^[0-9a-fA-F]{32}$/;

/**
 * Reads AGORA_APP_ID and AGORA_APP_CERTIFICATE. Both unset: video is off. One of them set or
 * either malformed is a mistake worth stopping for (the token builder would quietly return "").
 */
export function agoraFromEnv(env: NodeJS.ProcessEnv): AgoraConfig | undefined {
  const appId = env.AGORA_APP_ID?.trim() ?? "";
  const appCertificate = env.AGORA_APP_CERTIFICATE?.trim() ?? "";
  if (!appId && !appCertificate) return undefined;
  if (!HEX32.test(appId) || !HEX32.test(appCertificate)) {
    throw new Error("AGORA_APP_ID and AGORA_APP_CERTIFICATE must both be set, each 32 hex characters");
  }
  return { appId, appCertificate };
}

/**
 * Agora wants numeric uids (string accounts cost a lookup on join): a person's id in the shop,
 * hashed to 32 bits (FNV-1a), never 0 (which asks Agora to pick one).
 */
export function rtcUid(person: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(person)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash || 1;
}

export interface RtcGrant {
  appId: string;
  channel: string;
  uid: number;
  role: "host" | "audience";
  token: string;
  /** ms since epoch */
  expiresAt: number;
}

/**
 * An RTC token for one person in one room's channel: hosts may publish, viewers may only join
 * and subscribe. The uid is derived from the person's id in the shop, so a renewed token names
 * the same user. It never outlives the Encore token it was issued against.
 */
export function issueRtcToken(
  config: AgoraConfig,
  input: {
    channel: string;
    person: string;
    role: Role;
    tokenExp: number;
    now: number;
    /** a viewer invited on stage (连麦) may publish too, for no longer than `maxTtlSeconds` */
    publish?: boolean;
    maxTtlSeconds?: number;
  },
): RtcGrant {
  const nowSeconds = Math.floor(input.now / 1000);
  const longest = Math.min(RTC_TOKEN_TTL_SECONDS, input.maxTtlSeconds ?? RTC_TOKEN_TTL_SECONDS);
  const ttl = Math.max(1, Math.min(longest, input.tokenExp - nowSeconds));
  // Agora's AccessToken2 roles: PUBLISHER (1) carries the publish-audio/video/data privileges,
  // SUBSCRIBER (2) only joins; Agora enforces the difference once the project turns on co-host
  // authentication (docs/embedding.md#guests-on-stage)
  const publisher = input.publish ?? input.role === "host";
  const uid = rtcUid(input.person);
  const token = RtcTokenBuilder.buildTokenWithUid(
    config.appId,
    config.appCertificate,
    input.channel,
    uid,
    publisher ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER,
    ttl,
    ttl,
  );
  return {
    appId: config.appId,
    channel: input.channel,
    uid,
    role: publisher ? "host" : "audience",
    token,
    expiresAt: (nowSeconds + ttl) * 1000,
  };
}
