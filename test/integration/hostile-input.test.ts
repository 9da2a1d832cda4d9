import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, ERROR_CODES, HostEvent } from "../../protocol/index.js";
import { joinRoom, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";

/**
 * Random and malformed input at every edge: every socket event from a viewer, a guest and a
 * host, and every HTTP route the OpenAPI document lists. Nothing may crash the server, answer
 * 5xx or `internal`, or change state when it is refused.
 */
let server: TestServer;
let sockets: Record<"viewer" | "guest" | "host", TestSocket>;
beforeAll(async () => {
  server = await startServer();
  sockets = {
    viewer: (await joinRoom(server, await server.token("amy"))).socket,
    guest: (await joinRoom(server)).socket,
    host: (await joinRoom(server, await server.token("lin", { role: "host" }))).socket,
  };
});
afterAll(async () => {
  await server.close();
});

const junk = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  fc.record({ text: fc.string({ maxLength: 400 }), playing: fc.anything(), visible: fc.anything() }),
  fc.string({ maxLength: 6000 }),
);

type Raw = (...args: unknown[]) => void;
const send = (socket: TestSocket, event: string, payload: unknown) =>
  new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, error: { code: `no ack to ${JSON.stringify(payload)}` } }),
      3000,
    );
    (socket.emit as unknown as Raw)(event, payload, (ack: { ok: boolean; error?: { code: string } }) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });

describe("random socket payloads", () => {
  for (const event of [...Object.values(ClientEvent), ...Object.values(HostEvent)]) {
    it(`${event}: refused with a known code and no change, or accepted`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("viewer", "guest", "host") as fc.Arbitrary<keyof typeof sockets>,
          junk,
          async (who, payload) => {
            server.clock.advance(2000); // stay clear of the rate limit: this is about shape, not volume
            const before = await stateFingerprint(server);
            const ack = await send(sockets[who], event, payload);
            if (ack.ok) return;
            expect(ERROR_CODES).toContain(ack.error?.code);
            expect(ack.error?.code).not.toBe("internal");
            expect(await stateFingerprint(server)).toBe(before);
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});

describe("random HTTP requests", () => {
  it("every documented route answers 2xx or a 4xx error body, and a 4xx changes nothing", async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })),
    );
    expect(routes.length).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.constant("amy"), fc.string({ maxLength: 80 })),
        fc.oneof(junk, fc.constant(undefined)),
        async (route, param, body) => {
          const path = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(param) || "x");
          const before = await stateFingerprint(server);
          const res = await fetch(`${server.url}${path}`, {
            method: route.method,
            headers: {
              authorization: `Bearer ${server.shop.secret}`,
              ...(body === undefined || route.method === "GET" ? {} : { "content-type": "application/json" }),
            },
            body: body === undefined || route.method === "GET" ? undefined : (JSON.stringify(body) ?? "null"),
          });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            const error = (await res.json()) as { error: { code: string } };
            expect(ERROR_CODES).toContain(error.error.code);
            expect(await stateFingerprint(server)).toBe(before);
          }
        },
      ),
      { numRuns: 150 },
    );
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});

describe("the personal-data routes", () => {
  // ids a person or a script could put in the path: every one is refused with a known code and
  // changes nothing, or names no viewer (404) and changes nothing
  const hostileIds = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.constantFrom("..", "../amy", "amy/..", "%00", "amy%", "a".repeat(65), "erased_", "amy:1", "美", " amy"),
  );
  for (const method of ["GET", "DELETE"] as const) {
    it(`${method} ${method === "GET" ? "/v1/viewers/:viewerId/export" : "/v1/viewers/:viewerId"}: a 4xx with a known code, and no change`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileIds, async (id) => {
          const path = `/v1/viewers/${encodeURIComponent(id) || "x"}${method === "GET" ? "/export" : ""}`;
          const before = await stateFingerprint(server);
          const res = await fetch(`${server.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${server.shop.secret}` },
          });
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          const error = (await res.json()) as { error: { code: string } };
          expect(ERROR_CODES).toContain(error.error.code);
          expect(await stateFingerprint(server)).toBe(before);
        }),
        { numRuns: 40 },
      );
    });
  }
});

/** Import files as an attacker writes them: every line refused or imported, nothing else, never a 5xx. */
const HOSTILE_IMPORTS: { name: string; type: string; body: string }[] = [
  { name: "binary junk", type: "application/x-ndjson", body: "\u0000\uffff\ud800 \n\u0001{]" },
  { name: "prototype keys", type: "application/x-ndjson", body: '{"__proto__":{"admin":true},"orderId":"p1"}\n' },
  {
    name: "numbers past safe",
    type: "application/x-ndjson",
    body: '{"orderId":"n1","viewerId":"v","amount":1e300,"paidAt":1}\n',
  },
  { name: "a JSON array line", type: "application/x-ndjson", body: "[1,2,3]\nnull\n42\n" },
  { name: "an unclosed CSV quote", type: "text/csv", body: 'orderId,viewerId,amount,paidAt\n"o1,v,100,1\n' },
  { name: "CSV formula cells", type: "text/csv", body: "orderId,viewerId,amount,paidAt\n=cmd(),v,100,1\n" },
  { name: "a CSV header only", type: "text/csv", body: "orderId,viewerId,amount,paidAt" },
  { name: "a line past the limit", type: "application/x-ndjson", body: `"${"x".repeat(200_000)}"\n` },
  { name: "an unknown media type", type: "application/xml", body: "<orders/>" },
];

describe("hostile import files", () => {
  for (const file of HOSTILE_IMPORTS) {
    it(`${file.name}: refused line by line or as a whole, with known codes, changing nothing`, async () => {
      const before = await stateFingerprint(server);
      const res = await fetch(`${server.url}/v1/import/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": file.type },
        body: file.body,
      });
      expect(res.status).toBeLessThan(500);
      const answer = (await res.json()) as {
        imported?: number;
        refused?: { code: string }[];
        error?: { code: string };
      };
      if (res.status >= 400) expect(ERROR_CODES).toContain(answer.error?.code);
      else {
        expect(answer.imported).toBe(0);
        for (const r of answer.refused ?? []) expect(ERROR_CODES).toContain(r.code);
      }
      expect(await stateFingerprint(server)).toBe(before);
    });
  }
});
