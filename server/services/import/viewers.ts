import { type ErrorCode, type ImportMediaType, type ImportReport, ImportViewerLine } from "../../../protocol/index.js";
import { importViewerKey, startingBalance } from "../../domain/import.js";
import { applyChange, type Balance, type LedgerChange } from "../../domain/ledger.js";
import { metrics } from "../../ops/metrics.js";
import { idempotentTransaction } from "../../store/executor.js";
import { insertLedgerRows, knownLedgerKeys, ledgerRow, lockBalances, saveMembers } from "../../store/import.js";
import type { Context } from "../context.js";
import type { Shop } from "../shops.js";
import { IMPORT_BATCH, type ImportOptions } from "./orders.js";
import { fileRecords } from "./records.js";
import { acceptedLine, ImportTally } from "./report.js";
import { yieldToServer } from "./turns.js";

interface Member {
  line: number;
  value: ImportViewerLine;
}

/**
 * Brings a shop's members over from another program: each member's points and growth (raised
 * to their tier's threshold) are added to what Encore holds for them, as one ledger entry with
 * reason `import`, once per viewer whatever the number of runs. No coupon, touch or webhook.
 */
export async function importViewers(
  ctx: Context,
  shop: Shop,
  input: AsyncIterable<Buffer | string>,
  type: ImportMediaType,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? IMPORT_BATCH;
  const tally = new ImportTally();
  let pending: Member[] = [];
  let lines = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const outcome = await idempotentTransaction(ctx.store.db, (trx) => creditMembers({ ...ctx, trx }, shop, batch));
    await yieldToServer();
    tally.imported += outcome.imported;
    tally.duplicates += outcome.duplicates;
    for (const r of outcome.refused) tally.refuse(r.line, r.code, r.reason);
    options.onProgress?.({
      phase: "crediting",
      done: lines,
      total: null,
      imported: tally.imported,
      duplicates: tally.duplicates,
      refused: tally.refusedCount,
    });
  };
  for await (const record of fileRecords(input, type)) {
    lines = record.line;
    const value = acceptedLine(record, ImportViewerLine, tally);
    if (value === null) continue;
    pending.push({ line: record.line, value });
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  return tally.report();
}

type Trx = Parameters<Parameters<typeof idempotentTransaction>[1]>[0];

async function creditMembers({ trx, store, clock }: Context & { trx: Trx }, shop: Shop, batch: readonly Member[]) {
  const now = clock.now();
  const known = await knownLedgerKeys(
    trx,
    shop.id,
    batch.map((m) => importViewerKey(m.value.viewerId)),
  );
  const balances = await lockBalances(
    trx,
    store.dialect,
    shop.id,
    batch.map((m) => m.value.viewerId),
  );
  const refused: { line: number; code: ErrorCode; reason: string }[] = [];
  const members: Parameters<typeof saveMembers>[2][number][] = [];
  const ledger = [];
  let duplicates = 0;
  for (const { line, value } of batch) {
    const key = importViewerKey(value.viewerId);
    if (known.has(key)) {
      duplicates++;
      continue;
    }
    const brought = startingBalance(value, shop.config.tiers);
    if ("refused" in brought) {
      refused.push({ line, code: "bad_request", reason: brought.refused });
      continue;
    }
    const before: Balance = balances.get(value.viewerId) ?? { points: 0, growth: 0 };
    const change: LedgerChange = {
      delta: brought.points,
      growthDelta: brought.growth,
      reason: "import",
      ref: value.viewerId,
      idempotencyKey: key,
    };
    const after = applyChange(before, change);
    if (typeof after === "string") {
      refused.push({ line, code: "amount_invalid", reason: "the balance would pass the largest a viewer may hold" });
      continue;
    }
    known.add(key);
    balances.set(value.viewerId, after);
    members.push({
      viewerId: value.viewerId,
      name: value.name ?? null,
      birthday: value.birthday ?? null,
      balance: after,
    });
    ledger.push(ledgerRow(shop.id, value.viewerId, change, after, now));
  }
  await saveMembers(trx, shop.id, members, now);
  await insertLedgerRows(trx, store.dialect, ledger);
  if (ledger.length > 0) metrics.ledgerWrites.inc({ reason: "import" }, ledger.length);
  return { imported: ledger.length, duplicates, refused };
}
