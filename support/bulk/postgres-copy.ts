import type pg from "pg";
import type { Column, Row } from "./writer.js";

/** What pg's client hands a submittable query once the server has answered it. */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableLength: number };
}

/** Buffered bytes on the socket past which the writer waits for it to drain: memory stays flat. */
const HIGH_WATER = 8 * 2 ** 20;

/**
 * `COPY table (columns) FROM STDIN` on one pg client, fed rows in COPY's text format. pg has no
 * COPY of its own but takes any object with `submit` as a query (its "submittable" interface, which
 * pg-copy-streams uses too): the client sends the statement, the server answers CopyInResponse, and
 * from then on the connection is ours to send CopyData on until CopyDone. One COPY per table for
 * the whole load: no statement per batch, no parameters, rows parsed as fast as the server can.
 */
export class CopyIn {
  private connection: PgConnection | null = null;
  private failure: Error | null = null;
  private readonly ready: Promise<void>;
  private readonly done: Promise<void>;
  private settleReady!: { resolve(): void; reject(error: Error): void };
  private settleDone!: { resolve(): void; reject(error: Error): void };

  constructor(client: pg.Client, table: string, columns: readonly Column[]) {
    this.text = `copy ${table} (${columns.map(([name]) => name).join(",")}) from stdin`;
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    this.done = new Promise((resolve, reject) => {
      this.settleDone = { resolve, reject };
    });
    // both are awaited later; a failure before then must not count as unhandled
    this.ready.catch(() => {});
    this.done.catch(() => {});
    client.query(this as unknown as pg.QueryConfig);
  }

  readonly text: string;

  // -- pg's submittable interface
  submit(connection: PgConnection): null {
    connection.query(this.text);
    return null;
  }
  handleCopyInResponse(connection: PgConnection): void {
    this.connection = connection;
    this.settleReady.resolve();
  }
  handleError(error: Error): void {
    this.failure = error;
    this.settleReady.reject(error);
    this.settleDone.reject(error);
  }
  handleReadyForQuery(): void {
    if (!this.failure) this.settleDone.resolve();
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  /** Sends rows in COPY's text format (`copyText`); resolves once the socket has room for more. */
  async write(text: string): Promise<void> {
    if (text.length === 0) return;
    await this.ready;
    const connection = this.connection as PgConnection;
    connection.sendCopyFromChunk(Buffer.from(text));
    if (connection.stream.writableLength > HIGH_WATER) {
      await new Promise<void>((resolve) => connection.stream.once("drain", () => resolve()));
    }
    if (this.failure) throw this.failure;
  }

  /** Ends the COPY; resolves when the server has taken every row. */
  async end(): Promise<void> {
    await this.ready;
    this.connection?.endCopyFrom();
    await this.done;
  }

  /** Gives up the COPY: the server throws away what it took. */
  fail(reason: string): void {
    if (this.connection && !this.failure) this.connection.sendCopyFail(reason);
  }
}

/** Rows in COPY's text format: tab between columns, a newline after each row, \N for null. */
export function copyText(rows: readonly Row[], width: number): string {
  let text = "";
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      const value = row[c] ?? null;
      if (c > 0) text += "\t";
      text += value === null ? "\\N" : typeof value === "number" ? String(value) : escapeCopy(value);
    }
    text += "\n";
  }
  return text;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A backslash, tab, newline or carriage return inside a value would end it early: escaped. */
function escapeCopy(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c] as string) : value;
}
