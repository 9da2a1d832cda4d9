import { type ReadonlySignal, signal } from "@preact/signals";
import type { AuditAction, AuditEntry, AuditPage } from "../../protocol/admin.js";
import type { AdminSessionModel } from "./admin-session.js";

/** What the log is narrowed to: one kind of change, and a span of days (ms since epoch, `to` exclusive). */
export interface AuditFilter {
  action: AuditAction | null;
  from: number | null;
  to: number | null;
}

export interface AuditLogModel {
  filter: ReadonlySignal<AuditFilter>;
  /** the entries read so far, newest first; null before the first page */
  entries: ReadonlySignal<AuditEntry[] | null>;
  /** whether older entries remain */
  more: ReadonlySignal<boolean>;
  loading: ReadonlySignal<boolean>;
  refusal: ReadonlySignal<string | null>;
  /** narrows the log and reads its first page again */
  apply(filter: AuditFilter): Promise<void>;
  /** the next, older page */
  older(): Promise<void>;
  /** the same entries as a CSV file, for the browser to download with the session's cookie */
  csvUrl(): string;
}

const PAGE = 50;

/** The query string of a filter (and a page), as GET /v1/audit reads it. */
export function auditQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.action) params.set("action", filter.action);
  if (filter.from !== null) params.set("from", String(filter.from));
  if (filter.to !== null) params.set("to", String(filter.to));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

/** The audit log as the back office reads it: filtered, a page at a time, newest first. */
export function createAuditLog(admin: AdminSessionModel, options: { server?: string } = {}): AuditLogModel {
  const filter = signal<AuditFilter>({ action: null, from: null, to: null });
  const entries = signal<AuditEntry[] | null>(null);
  const more = signal(false);
  const loading = signal(false);
  const refusal = signal<string | null>(null);
  let cursor: string | null = null;
  /** a page asked for under an older filter is dropped when it arrives */
  let generation = 0;

  const read = async (first: boolean) => {
    const asked = first ? ++generation : generation;
    loading.value = true;
    try {
      const page = { limit: String(PAGE), ...(first || cursor === null ? {} : { cursor }) };
      const answer = await admin.api<AuditPage>(`/v1/audit?${auditQuery(filter.peek(), page)}`);
      if (asked !== generation) return;
      if (!answer.ok) {
        refusal.value = answer.code;
        return;
      }
      refusal.value = null;
      entries.value = first ? answer.data.entries : [...(entries.peek() ?? []), ...answer.data.entries];
      cursor = answer.data.nextCursor;
      more.value = cursor !== null;
    } finally {
      if (asked === generation) loading.value = false;
    }
  };

  return {
    filter,
    entries,
    more,
    loading,
    refusal,
    apply(next) {
      filter.value = next;
      cursor = null;
      return read(true);
    },
    older: () => read(false),
    csvUrl: () => `${options.server ?? ""}/v1/audit?${auditQuery(filter.peek(), { format: "csv", limit: "500" })}`,
  };
}
