import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";

/** Headers every response carries, API and files alike. */
export const SECURITY_HEADERS = {
  // a JSON error or a script is never sniffed into something else
  "x-content-type-options": "nosniff",
  // the demo's viewer and host links carry tokens in their query: no page of ours leaks its URL
  "referrer-policy": "no-referrer",
} as const;

/** Every response of the HTTP server carries SECURITY_HEADERS, refusals and 404s included. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
}

/** What a page's inline scripts hash to, as CSP source expressions. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const [, attributes = "", body = ""] = match;
    if (/\bsrc\s*=/i.test(attributes)) continue;
    // browsers hash the text as parsed, after the HTML parser has turned CRLF into LF
    const text = body.replace(/\r\n?/g, "\n");
    hashes.push(`'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);
  }
  return hashes;
}

export interface PagePolicyOptions {
  /** Agora is configured: its SDK talks to Agora's servers and decodes in a blob: worker */
  liveVideo: boolean;
}

/**
 * The Content-Security-Policy of a page of ours (the demo room, the host console): scripts only
 * from this server plus the page's own inline scripts by hash, nothing framing it, no plugins.
 * Styles may be inline: the widget and the console put their stylesheet into a shadow root as a
 * <style> element, and no script runs from a style.
 */
export function pagePolicy(html: string, options: PagePolicyOptions): string {
  const remote = options.liveVideo ? " https: wss:" : "";
  const directives = [
    "default-src 'self'",
    `script-src 'self' ${inlineScriptHashes(html).join(" ")}`.trim(),
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    // product images are the shop's own URLs, on any https host
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob: mediastream:",
    // 'self' covers the socket's ws:// and wss:// on this host
    `connect-src 'self'${remote}`,
    `worker-src 'self'${options.liveVideo ? " blob:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}
