import { afterEach, describe, expect, it } from "vitest";
import { type FollowingResult, fetchFollowing } from "../../extension/following.js";
import { followingModel } from "../../extension/popup/following-model.js";

const SERVER = "https://encore.example";
const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const LIST = {
  rooms: [{ roomId: "r1", title: "Test live", live: true, liveStartedAt: 5, reminder: true, url: null }],
  quietUntil: null,
};

describe("the extension asks which rooms the viewer follows", () => {
  it("sends the token to the sign-in room's route and reads the list", async () => {
    const asked: { url: string; auth: string | null }[] = [];
    const result = await fetchFollowing(SERVER, "r 1", "jwt", async (url, init) => {
      asked.push({ url: String(url), auth: new Headers(init?.headers).get("authorization") });
      return answer(200, LIST)();
    });
    expect(asked).toEqual([{ url: `${SERVER}/v1/rooms/r%201/following`, auth: "Bearer jwt" }]);
    expect(result).toEqual({ status: "ok", following: LIST });
  });

  it.each([
    {
      name: "a refusal carries the server's code",
      fetch: answer(401, { error: { code: "token_expired" } }),
      result: { status: "refused", code: "token_expired" },
    },
    { name: "a 5xx is a failure to retry", fetch: answer(503, {}), result: { status: "failed" } },
    {
      name: "an answer of the wrong shape is a failure",
      fetch: answer(200, { rooms: "no" }),
      result: { status: "failed" },
    },
    {
      name: "the network down is a failure",
      fetch: async () => {
        throw new TypeError("offline");
      },
      result: { status: "failed" },
    },
  ])("$name", async ({ fetch, result }) => {
    expect(await fetchFollowing(SERVER, "r1", "jwt", fetch as typeof globalThis.fetch)).toEqual(result);
  });
});

describe("the popup's list of followed rooms", () => {
  let dispose = () => {};
  afterEach(() => dispose());

  it("loads for the signed-in viewer, keeps the list through a failed refresh, and starts over for a new token", async () => {
    const asked: string[] = [];
    let changed: (token: string | null) => void = () => {};
    const model = followingModel({
      token: {
        read: async () => "jwt-1",
        onChange: (listener) => {
          changed = listener;
          return () => {};
        },
      },
      session: async () => ({ room: "r1", renew: "https://shop.example/renew" }),
      // the first read answers; every refresh after it fails, until another viewer signs in
      fetch: async (room, token): Promise<FollowingResult> => {
        asked.push(`${room}:${token}`);
        if (token === "jwt-2") return { status: "ok", following: { rooms: [], quietUntil: null } };
        return asked.length === 1 ? { status: "ok", following: LIST } : { status: "failed" };
      },
      everyMs: 5,
    });
    dispose = model.dispose;
    expect(model.state.value).toEqual({ status: "loading" });
    await expect.poll(() => asked.length).toBeGreaterThan(2);
    expect(model.state.value).toEqual({ status: "ok", following: LIST });
    changed("jwt-2");
    await expect.poll(() => model.state.value).toEqual({ status: "ok", following: { rooms: [], quietUntil: null } });
    changed(null);
    expect(model.state.value).toEqual({ status: "loading" });
    expect(asked[0]).toBe("r1:jwt-1");
  });
});
