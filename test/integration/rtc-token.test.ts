import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoom, createShop } from "../../server/services/shops.js";
import { agoraFromEnv, RTC_TOKEN_TTL_SECONDS, rtcUid } from "../../server/video/rtc-token.js";
import { startServer, type TestServer } from "../../support/server.js";

const AGORA = { appId: "0123456789abcdef0123456789abcdef", appCertificate: "fedcba9876543210fedcba9876543210" };

/** agora-token's own parser for the "007" format (the package exports only builders); strings decode as bytes. */
interface ParsedToken {
  appId: Buffer;
  issueTs: number;
  expire: number;
  services: { __channel_name: Buffer; __uid: Buffer; __privileges: Record<string, number> }[];
  from_string(token: string): boolean;
  salt: number;
  __signature: Buffer;
  __signing_info: Buffer;
}
const { AccessToken2, ServiceRtc } = createRequire(import.meta.url)("agora-token/src/AccessToken2.js") as {
  AccessToken2: new () => ParsedToken;
  ServiceRtc: Record<string, number>;
};

/** The format's signature: HMAC-SHA256 keyed by the issue time, then the salt, over the certificate. */
function signedWith(token: ParsedToken, appCertificate: string): boolean {
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const hmac = (key: Buffer, message: Buffer | string) => createHmac("sha256", key).update(message).digest();
  const key = hmac(u32(token.salt), hmac(u32(token.issueTs), appCertificate));
  return hmac(key, token.__signing_info).equals(token.__signature);
}

function decode(token: string): ParsedToken {
  const parsed = new AccessToken2();
  expect(parsed.from_string(token)).toBe(true);
  return parsed;
}

async function rtcToken(server: TestServer, bearer: string | null, room = server.roomId) {
  const response = await fetch(`${server.url}/v1/rooms/${room}/rtc-token`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  return {
    status: response.status,
    body: (await response.json()) as { token: string; expiresAt: number; role: string; uid: number; error?: unknown },
  };
}

describe("GET /v1/rooms/:room/rtc-token", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ agora: AGORA });
  });
  afterAll(() => server?.close());

  it("gives a viewer a subscribe-only token for the room's channel, under their own id", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await rtcToken(server, await server.token("v_rtc"));
    expect(status).toBe(200);
    expect(body).toMatchObject({ appId: AGORA.appId, channel: server.roomId, uid: rtcUid("v_rtc"), role: "audience" });
    expect(body.expiresAt).toBe(server.clock.now() + RTC_TOKEN_TTL_SECONDS * 1000);
    expect(JSON.stringify(body)).not.toContain(AGORA.appCertificate);

    const token = decode(body.token);
    expect(signedWith(token, AGORA.appCertificate)).toBe(true);
    expect(signedWith(token, "00000000000000000000000000000000")).toBe(false);
    expect(String(token.appId)).toBe(AGORA.appId);
    expect(token.issueTs).toBeGreaterThanOrEqual(before);
    expect(token.expire).toBe(RTC_TOKEN_TTL_SECONDS);
    expect(token.services).toHaveLength(1);
    const [rtc] = token.services;
    expect(String(rtc?.__channel_name)).toBe(server.roomId);
    expect(String(rtc?.__uid)).toBe(String(rtcUid("v_rtc")));
    expect(Object.keys(rtc?.__privileges ?? {}).map(Number)).toEqual([ServiceRtc.kPrivilegeJoinChannel]);
  });

  it("gives the host a token that may publish audio, video and data", async () => {
    const { status, body } = await rtcToken(server, await server.token("host_1", { role: "host" }));
    expect(status).toBe(200);
    expect(body.role).toBe("host");
    const [rtc] = decode(body.token).services;
    expect(String(rtc?.__uid)).toBe(String(rtcUid("host_1")));
    expect(
      Object.keys(rtc?.__privileges ?? {})
        .map(Number)
        .sort(),
    ).toEqual(
      [
        ServiceRtc.kPrivilegeJoinChannel,
        ServiceRtc.kPrivilegePublishAudioStream,
        ServiceRtc.kPrivilegePublishVideoStream,
        ServiceRtc.kPrivilegePublishDataStream,
      ].sort(),
    );
    expect(Object.values(rtc?.__privileges ?? {})).toEqual([3600, 3600, 3600, 3600]);
  });

  it("never outlives the Encore token it was asked with", async () => {
    const exp = Math.floor(server.clock.now() / 1000) + 600;
    const { body } = await rtcToken(server, await server.token("v_short", { exp }));
    expect(body.expiresAt).toBe(exp * 1000);
    expect(decode(body.token).expire).toBe(600);
  });

  it("lets a guest watch: an audience token with a one-off uid, never a publisher's", async () => {
    const first = await rtcToken(server, null);
    const second = await rtcToken(server, null);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ channel: server.roomId, role: "audience" });
    expect(first.body.uid).not.toBe(second.body.uid);
    const [rtc] = decode(first.body.token).services;
    expect(Object.keys(rtc?.__privileges ?? {}).map(Number)).toEqual([ServiceRtc.kPrivilegeJoinChannel]);
    expect(first.body.expiresAt).toBe(server.clock.now() + 3600 * 1000);
  });

  it("refuses bad tokens, other shops' tokens and unknown rooms", async () => {
    expect((await rtcToken(server, "not-a-jwt")).status).toBe(401);
    const forged = await server.token("v_x", {}, "another-secret");
    expect((await rtcToken(server, forged)).body).toMatchObject({ error: { code: "token_invalid" } });
    const expired = await server.token("v_x", { exp: Math.floor(server.clock.now() / 1000) - 1 });
    expect((await rtcToken(server, expired)).body).toMatchObject({ error: { code: "token_expired" } });
    const missing = await rtcToken(server, await server.token("v_x"), "no_such_room");
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "room_not_found" } } });

    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const otherRoom = await createRoom(server.store.db, other.id, { title: "Theirs" }, server.clock.now());
    const wrong = await rtcToken(server, await server.token("v_x"), otherRoom.id);
    expect(wrong).toMatchObject({ status: 403, body: { error: { code: "wrong_shop" } } });
  });
});

describe("without Agora configured", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it("answers 503 video_not_configured to a valid token", async () => {
    const { status, body } = await rtcToken(server, await server.token("v_rtc"));
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: { code: "video_not_configured" } });
  });
});

describe("rtcUid", () => {
  it("is a stable, non-zero 32-bit number per person, distinct for distinct people", () => {
    const ids = ["v_rtc", "host_1", "viewer-amy", "viewer-bo", "a", "b", "用户"];
    const uids = ids.map(rtcUid);
    expect(ids.map(rtcUid)).toEqual(uids);
    for (const uid of uids) expect(Number.isInteger(uid) && uid > 0 && uid <= 0xffffffff).toBe(true);
    expect(new Set(uids).size).toBe(ids.length);
    // FNV-1a's published vectors
    expect(rtcUid("")).toBe(0x811c9dc5);
    expect(rtcUid("a")).toBe(0xe40c292c);
    expect(rtcUid("foobar")).toBe(0xbf9cf968);
  });
});

describe("agoraFromEnv", () => {
  it("is off when both are unset, and refuses half or malformed settings", () => {
    expect(agoraFromEnv({})).toBeUndefined();
    expect(agoraFromEnv({ AGORA_APP_ID: AGORA.appId, AGORA_APP_CERTIFICATE: AGORA.appCertificate })).toEqual(AGORA);
    expect(() => agoraFromEnv({ AGORA_APP_ID: AGORA.appId })).toThrow(/both/);
    expect(() => agoraFromEnv({ AGORA_APP_ID: "x", AGORA_APP_CERTIFICATE: AGORA.appCertificate })).toThrow();
  });
});
