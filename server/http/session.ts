import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { EncoreError } from "../../protocol/index.js";
import { DEFAULT_SESSION_POLICY } from "../domain/admin-sessions.js";
import { authenticate, keepAlive, type SignedIn } from "../services/admin-sessions.js";
import type { Context } from "../services/context.js";

/** The back office's session cookie. */
export const SESSION_COOKIE = "encore_admin";
export const CSRF_HEADER = "x-csrf-token";

function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** Whether the request carries a back-office session cookie at all (valid or not). */
export const hasSessionCookie = (request: FastifyRequest): boolean => readCookie(request, SESSION_COOKIE) !== undefined;

/** https as the browser saw it: directly, or at a proxy in front that says so. */
function overHttps(request: FastifyRequest): boolean {
  const forwarded = String(request.headers["x-forwarded-proto"] ?? "")
    .split(",")[0]
    ?.trim();
  return request.protocol === "https" || forwarded === "https";
}

/**
 * httpOnly, so no script on the page reads it; SameSite=Strict, so no other site's page sends
 * it; Secure over https. It lasts at most as long as the session may.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string, maxAgeMs: number): void {
  const attributes = [
    `${SESSION_COOKIE}=${secret}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`,
  ];
  if (overHttps(request)) attributes.push("Secure");
  reply.header("set-cookie", attributes.join("; "));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  setSessionCookie(request, reply, "", 0);
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * The back-office session a request carries, checked; for anything but a GET, also its CSRF
 * token. A cookie that opens nothing is cleared, so the browser stops sending it.
 */
export function sessionResolver(ctx: Context) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<SignedIn> => {
    const secret = readCookie(request, SESSION_COOKIE);
    if (!secret) throw new EncoreError("session_required", "sign in to the back office");
    let signedIn: SignedIn;
    try {
      signedIn = await authenticate(ctx, secret, DEFAULT_SESSION_POLICY);
    } catch (error) {
      clearSessionCookie(request, reply);
      throw error;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !sameText(sent, signedIn.csrfToken)) {
        throw new EncoreError(
          "csrf_invalid",
          `send the session's CSRF token (from GET /v1/admin/session) as ${CSRF_HEADER}`,
        );
      }
    }
    return keepAlive(ctx, signedIn);
  };
}
