import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../support/server.js";
import { lintOpenApi } from "../helpers/openapi-lint.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe("the OpenAPI document clients are generated from", () => {
  it("passes the lint: operationIds, summaries, typed answers, declared security, servers, refs that resolve", async () => {
    const document = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(lintOpenApi(document)).toEqual([]);
  });

  it("is the document Swagger UI shows", async () => {
    const served = await (await fetch(`${server.url}/openapi.json`)).json();
    const ui = await (await fetch(`${server.url}/docs/json`)).json();
    expect(ui).toEqual(served);
    expect(served.openapi).toBe("3.1.0");
  });
});
