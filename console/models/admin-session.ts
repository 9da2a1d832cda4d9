import { type ReadonlySignal, signal } from "@preact/signals";
import type { AdminSessionResponse } from "../../protocol/admin.js";

/** Who the back office is signed in as, or why it is not. */
export type AdminState =
  | { kind: "loading" }
  | { kind: "signed_in"; session: AdminSessionResponse }
  /** `code`: why (a spent link, an expired session); null after signing out on purpose */
  | { kind: "signed_out"; code: string | null };

export interface AdminSessionModel {
  state: ReadonlySignal<AdminState>;
  busy: ReadonlySignal<boolean>;
  /** a refusal of the last action, by its code */
  refusal: ReadonlySignal<string | null>;
  load(): Promise<void>;
  signOut(): Promise<void>;
}

export interface AdminSessionOptions {
  /** the Encore server's origin: the back office is its own page, so its cookie goes with each request */
  server: string;
  /** why the sign-in link brought the page here without a session (its ?error=) */
  arrivedWith?: string | null;
  fetch?: typeof fetch;
}

const codeOf = async (response: Response): Promise<string> => {
  try {
    return ((await response.json()) as { error?: { code?: string } }).error?.code ?? `http_${response.status}`;
  } catch {
    return `http_${response.status}`;
  }
};

/**
 * The back-office session, read from the server: the cookie is httpOnly, so the page only learns
 * who it is by asking. Writes carry the session's CSRF token.
 */
export function createAdminSession(options: AdminSessionOptions): AdminSessionModel {
  const request = options.fetch ?? ((input, init) => fetch(input, init));
  const state = signal<AdminState>({ kind: "loading" });
  const busy = signal(false);
  const refusal = signal<string | null>(null);

  return {
    state,
    busy,
    refusal,
    async load() {
      try {
        const response = await request(`${options.server}/v1/admin/session`, { credentials: "same-origin" });
        if (response.ok) {
          state.value = { kind: "signed_in", session: (await response.json()) as AdminSessionResponse };
          return;
        }
        // a spent link says so rather than "sign in": the person holding it needs a new one
        state.value = { kind: "signed_out", code: options.arrivedWith ?? (await codeOf(response)) };
      } catch {
        state.value = { kind: "signed_out", code: "unreachable" };
      }
    },
    async signOut() {
      const current = state.value;
      if (current.kind !== "signed_in" || busy.value) return;
      busy.value = true;
      refusal.value = null;
      try {
        const response = await request(`${options.server}/v1/admin/session/sign-out`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "x-csrf-token": current.session.csrfToken },
        });
        if (response.ok) state.value = { kind: "signed_out", code: null };
        else refusal.value = await codeOf(response);
      } catch {
        refusal.value = "unreachable";
      } finally {
        busy.value = false;
      }
    },
  };
}
