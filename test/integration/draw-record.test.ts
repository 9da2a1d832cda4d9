import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ClaimOutcome, ClientEvent, type DrawRecord, HostEvent, ServerEvent } from "../../protocol/index.js";
import { seedCommitment } from "../../server/domain/draw-proof.js";
import { verifyDrawRecord } from "../../server/ops/verify-draw.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const viewer = async (sub: string) => (await joinRoom(server, await server.token(sub, { name: sub }))).socket;
const getDraw = (id: string) => fetch(`${server.url}/v1/offers/${id}/draw`);

/** A lucky bag of `stock` among the named viewers, drawn: the record and what each viewer was told. */
async function drawnBag(names: string[], stock: number) {
  const sockets = await Promise.all(names.map(viewer));
  const template = await makeTemplate(host);
  const announced = next(sockets[0] as TestSocket, ServerEvent.offer);
  const offer = await startOffer(host, template.id, { stock, mode: "draw" });
  const commitment = (await announced).drawCommitment;
  const entered: ClaimOutcome[] = [];
  for (const socket of sockets) {
    const answer = await call(socket, ClientEvent.comment, { text: "1" });
    if (!answer.ok || !answer.data.claim) throw new Error("not entered");
    entered.push(answer.data.claim);
  }
  const early = await getDraw(offer.id);
  const results = sockets.map((s) => next(s, ServerEvent.offerResult));
  await call(host, HostEvent.offerStop, { offerId: offer.id });
  const told = await Promise.all(results);
  const response = await getDraw(offer.id);
  expect(response.status).toBe(200);
  return { offer, commitment, entered, early, told, record: (await response.json()) as DrawRecord };
}

describe("a lucky bag anyone can check", () => {
  it("commits to its seed at the start, keeps it until the draw, then publishes a record that checks", async () => {
    const names = ["amy", "bo", "cy", "dee", "eli"];
    const { offer, commitment, entered, early, told, record } = await drawnBag(names, 2);
    expect(offer.drawCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(commitment).toBe(offer.drawCommitment);
    // while entries come in, the seed stays secret
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: "draw_none" } });

    expect(record).toMatchObject({ offerId: offer.id, algorithm: "encore-draw-v1", stock: 2 });
    expect(record.seedCommitment).toBe(commitment);
    expect(seedCommitment(record.seed)).toBe(commitment);
    expect(record.entries).toHaveLength(5);
    expect(record.winners).toHaveLength(2);
    // pseudonyms only: no viewer id or name anywhere in the record
    const text = JSON.stringify(record);
    for (const name of names) expect(text).not.toContain(`"${name}"`);
    // each viewer heard their own pseudonym, when entering and at the draw, and finds it in the record
    for (const [i, outcome] of entered.entries()) {
      expect(outcome).toMatchObject({ result: "entered" });
      expect(record.entries[i]).toBe(outcome.entrant);
      expect(told.find((t) => t.entrant === outcome.entrant)).toBeTruthy();
    }
    const winners = told.filter((t) => t.result === "won").map((t) => t.entrant);
    expect(winners.sort()).toEqual([...record.winners].sort());
    expect(verifyDrawRecord(record)).toMatchObject({ ok: true });
  });

  it("fails a tampered record: another winner, another seed, a dropped entry", async () => {
    const { record } = await drawnBag(["amy", "bo", "cy"], 1);
    const loser = record.entries.find((e) => !record.winners.includes(e)) as string;
    const cases: [string, DrawRecord, RegExp][] = [
      ["another winner", { ...record, winners: [loser] }, /other winners/],
      ["another seed", { ...record, seed: "ab".repeat(32) }, /commitment/],
      ["a dropped entry", { ...record, entries: record.entries.slice(1) }, /entries do not hash/],
    ];
    for (const [, tampered, why] of cases) {
      const verdict = verifyDrawRecord(tampered);
      expect(verdict.ok).toBe(false);
      expect(verdict.sentence).toMatch(why);
    }
  });

  it("answers with a code for an unknown offer, a first-come offer and a malformed id", async () => {
    const unknown = await getDraw("ofr_nope");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "offer_not_found" } });
    const template = await makeTemplate(host);
    const firstCome = await startOffer(host, template.id, { stock: 3 });
    expect(firstCome.drawCommitment).toBeNull();
    const notDraw = await getDraw(firstCome.id);
    expect(notDraw.status).toBe(409);
    expect(await notDraw.json()).toMatchObject({ error: { code: "offer_not_draw" } });
    const bad = await getDraw(`${"x".repeat(65)}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "bad_request" } });
  });
});

describe("encore-server verify-draw", () => {
  // not spawnSync: the server under test runs in this process and must answer the URL meanwhile
  const verifyDraw = (source: string) =>
    new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["bin/encore-server.js", "verify-draw", source]);
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
      });
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout }));
    });

  it("exits 0 with a sentence for a record that checks, from the URL or a saved file, and 1 for a tampered one", async () => {
    const { offer, record } = await drawnBag(["amy", "bo", "cy", "dee"], 2);
    const fromUrl = await verifyDraw(`${server.url}/v1/offers/${offer.id}/draw`);
    expect(fromUrl.stdout).toMatch(/^ok: draw .* checks/);
    expect(fromUrl.status).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), "encore-draw-"));
    const good = join(dir, "draw.json");
    writeFileSync(good, JSON.stringify(record));
    expect((await verifyDraw(good)).status).toBe(0);

    const tampered = join(dir, "tampered.json");
    writeFileSync(tampered, JSON.stringify({ ...record, winners: [...record.winners].reverse() }));
    const failed = await verifyDraw(tampered);
    expect(failed.stdout).toMatch(/^FAIL: .*other winners/);
    expect(failed.status).toBe(1);
  });
});
