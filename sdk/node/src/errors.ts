import type { ErrorBody } from "./routes.js";

/**
 * Why a call failed. The server's codes are its closed union (`ErrorBody["code"]`); the client
 * adds two of its own: `network_error` (no answer, even after the retries a call allows) and
 * `invalid_response` (an answer that is not the API's JSON, e.g. from a proxy).
 */
export type EncoreErrorCode = ErrorBody["code"] | "network_error" | "invalid_response";

export class EncoreError extends Error {
  override readonly name = "EncoreError";

  constructor(
    readonly code: EncoreErrorCode,
    message: string,
    /** the HTTP status, or null when no answer came */
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isEncoreError = (error: unknown, code?: EncoreErrorCode): error is EncoreError =>
  error instanceof EncoreError && (code === undefined || error.code === code);
