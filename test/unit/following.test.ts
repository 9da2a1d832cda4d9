import { describe, expect, it } from "vitest";
import { followedRooms, roomPage } from "../../server/domain/following.js";

describe("the rooms a viewer follows", () => {
  it.each([
    { name: "the sign-in room alone, reminded by default", choices: [], rooms: [{ roomId: "r1", reminder: true }] },
    {
      name: "plus every room reminded of, sign-in room first",
      choices: [
        { roomId: "r3", on: true },
        { roomId: "r2", on: true },
      ],
      rooms: [
        { roomId: "r1", reminder: true },
        { roomId: "r2", reminder: true },
        { roomId: "r3", reminder: true },
      ],
    },
    {
      name: "the sign-in room turned off stays listed, unreminded",
      choices: [{ roomId: "r1", on: false }],
      rooms: [{ roomId: "r1", reminder: false }],
    },
    {
      name: "another room turned off is not followed",
      choices: [{ roomId: "r2", on: false }],
      rooms: [{ roomId: "r1", reminder: true }],
    },
  ])("$name", ({ choices, rooms }) => {
    expect(followedRooms("r1", choices)).toEqual(rooms);
  });
});

describe("the page a go-live notification opens", () => {
  it("is the most recently mapped platform room's, or none", () => {
    expect(roomPage([])).toBeNull();
    expect(
      roomPage([
        { platform: "douyin", platformRoomId: "646454278948", updatedAt: 1 },
        { platform: "taobao", platformRoomId: "512399", updatedAt: 2 },
      ]),
    ).toBe("https://tbzb.taobao.com/live?liveId=512399");
    expect(roomPage([{ platform: "tiktok", platformRoomId: "encore.demo", updatedAt: 1 }])).toBe(
      "https://www.tiktok.com/@encore.demo/live",
    );
  });
});
