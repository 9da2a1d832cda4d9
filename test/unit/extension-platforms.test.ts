// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { extensionManifest } from "../../extension/manifest.js";
import { platformUrl } from "../../extension/page-url.js";
import { findStreamVideo, PLATFORM_ADAPTERS, readPlatformRoom } from "../../extension/platforms.js";
import { isPlatformRoomId, PLATFORM_NAMES, type Platform } from "../../protocol/platforms.js";

const fixture = (host: string) =>
  new DOMParser().parseFromString(
    // happy-dom gives modules a URL of its own: the fixtures are found from the repository's root
    readFileSync(resolve("test/fixtures/platforms", `${host}.html`), "utf8"),
    "text/html",
  );

/** Per platform: live-room URLs with the id each names, and pages of the same host that are no room. */
const CASES: Record<Platform, { host: string; rooms: [string, string][]; notRooms: string[] }> = {
  douyin: {
    host: "live.douyin.com",
    rooms: [
      ["/646454278948", "646454278948"],
      ["/646454278948?enter_from_merge=web", "646454278948"],
    ],
    notRooms: ["/", "/category/1_2", "/646454278948/extra"],
  },
  taobao: {
    host: "tbzb.taobao.com",
    rooms: [["/live?liveId=512399", "512399"]],
    notRooms: ["/live", "/", "/shop?liveId=1"],
  },
  tiktok: {
    host: "www.tiktok.com",
    rooms: [["/@encore.demo/live", "encore.demo"]],
    notRooms: ["/@encore.demo", "/foryou", "/@encore.demo/video/123"],
  },
  kuaishou: { host: "live.kuaishou.com", rooms: [["/u/3xk9yz2", "3xk9yz2"]], notRooms: ["/", "/cate/DQRM"] },
  youtube: {
    host: "www.youtube.com",
    // a watch page by its query; a channel's live page by the page's canonical link
    rooms: [
      ["/watch?v=jfKfPfyJRdk", "jfKfPfyJRdk"],
      ["/@encore/live", "jfKfPfyJRdk"],
    ],
    notRooms: ["/", "/@encore", "/watch"],
  },
  twitch: {
    host: "www.twitch.tv",
    rooms: [["/encore_demo", "encore_demo"]],
    notRooms: ["/directory", "/", "/encore_demo/videos"],
  },
  bilibili: {
    host: "live.bilibili.com",
    rooms: [
      ["/21452505", "21452505"],
      ["/h5/21452505", "21452505"],
    ],
    notRooms: ["/", "/p/eden/area-tags"],
  },
};

describe("platform adapters against their fixture pages", () => {
  it("cover every platform the server accepts, once", () => {
    expect(PLATFORM_ADAPTERS.map((a) => a.platform).sort()).toEqual([...PLATFORM_NAMES].sort());
  });

  for (const adapter of PLATFORM_ADAPTERS) {
    const { host, rooms, notRooms } = CASES[adapter.platform];
    it(`${adapter.platform}: reads the room id of a live room, finds its stream video, and sees no room elsewhere`, () => {
      const doc = fixture(host);
      for (const [path, id] of rooms) {
        const room = readPlatformRoom(new URL(`https://${host}${path}`), doc);
        expect(room?.platform, path).toBe(adapter.platform);
        expect(room?.id, path).toBe(id);
        expect(isPlatformRoomId(adapter.platform, id)).toBe(true);
      }
      const video = findStreamVideo(adapter, doc);
      expect(video?.tagName).toBe("VIDEO");
      expect(video?.getAttribute("src")).toBe("/media/live-demo.webm");
      for (const path of notRooms) expect(readPlatformRoom(new URL(`https://${host}${path}`), doc), path).toBeNull();
      // the same path on another host, or over plain http, is nobody's room
      const [path] = rooms[0] ?? [""];
      expect(readPlatformRoom(new URL(`https://${host}.evil.example${path}`), doc)).toBeNull();
      expect(readPlatformRoom(new URL(`http://${host}${path}`), doc)).toBeNull();
    });
  }
});

describe("the test build's fixture addresses", () => {
  it("stand for the platform's URL only in the test build", () => {
    const served = "http://127.0.0.1:4312/live.douyin.com/646454278948?x=1";
    expect(platformUrl(served, true).href).toBe("https://live.douyin.com/646454278948?x=1");
    expect(platformUrl(served, false).href).toBe(served);
    expect(platformUrl("https://live.douyin.com/1", true).href).toBe("https://live.douyin.com/1");
  });
});

describe("the manifest", () => {
  const manifest = extensionManifest({
    server: "https://encore.example",
    version: "1.2.3",
    fixtures: false,
    shops: ["https://shop.example"],
  });
  const everyPattern = [
    ...manifest.host_permissions,
    ...manifest.content_scripts.flatMap((c) => c.matches),
    ...manifest.externally_connectable.matches,
  ];

  it("asks for storage, alarms and notifications, the Encore server and the shop, and the platforms' hosts: never every site", () => {
    expect(manifest.permissions).toEqual(["storage", "alarms", "notifications"]);
    expect(manifest.host_permissions).toEqual(["https://encore.example/*", "https://shop.example/*"]);
    expect(everyPattern.some((p) => p === "<all_urls>" || p.includes("://*/") || p.startsWith("*://"))).toBe(false);
    const hosts = new Set(
      manifest.content_scripts.flatMap((c) => c.matches).map((p) => new URL(p.replace("/*", "/")).host),
    );
    expect(hosts).toEqual(new Set(PLATFORM_ADAPTERS.flatMap((a) => a.hosts)));
    expect(everyPattern.some((p) => p.includes("127.0.0.1"))).toBe(false);
  });

  it("lets only the shop's pages message it: the sign-in hand-over", () => {
    expect(manifest.externally_connectable).toEqual({ matches: ["https://shop.example/*"] });
  });

  it("adds the fixture origin only to the test build", () => {
    const test = extensionManifest({
      server: "http://127.0.0.1:8787",
      version: "1.2.3",
      fixtures: true,
      shops: ["http://127.0.0.1:8787"],
    });
    expect(test.content_scripts[0]?.matches).toContain("http://127.0.0.1/*");
    expect(test.host_permissions).toEqual(["http://127.0.0.1:8787/*"]);
  });
});
