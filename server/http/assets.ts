import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type ContentCoding, chooseCoding } from "./content-coding.js";

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webm": "video/webm",
  ".wasm": "application/wasm",
};
/** text compresses; video, images and wasm are already compressed or gain little */
const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".html", ".json", ".map", ".svg"]);
/**
 * Brotli's best quality takes seconds on Agora's 1.6 MB SDK; a file that large gets a faster level,
 * once, which still beats gzip.
 */
const BROTLI_BEST_UP_TO = 256 * 1024;

export interface Asset {
  body: Buffer;
  type: string;
  /** the content's hash: one ETag per representation is derived from it */
  hash: string;
  lastModified: string;
  compressible: boolean;
}

interface Entry {
  signature: string;
  asset: Asset;
  encoded: Map<Exclude<ContentCoding, "identity">, Promise<Buffer>>;
}

/**
 * Files served as they are on disk, read once and compressed once per content coding: every
 * later request is answered from memory, revalidated by ETag, and re-read only when the file's
 * size or modification time changes (a rebuild while the server runs).
 */
export class AssetCache {
  private readonly entries = new Map<string, Entry>();

  /** The file at `relative` inside `root`; null when it does not exist or would leave root. */
  async load(root: string, relative: string): Promise<Entry | null> {
    const base = resolve(root);
    const path = resolve(base, relative);
    if (!path.startsWith(base + sep) || relative.split(/[\\/]/).some((part) => part.startsWith("."))) return null;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const signature = `${info.size}:${info.mtimeMs}`;
    const cached = this.entries.get(path);
    if (cached?.signature === signature) return cached;
    const body = await readFile(path);
    const extension = extname(path).toLowerCase();
    const entry: Entry = {
      signature,
      asset: {
        body,
        type: TYPES[extension] ?? "application/octet-stream",
        hash: createHash("sha256").update(body).digest("base64url").slice(0, 27),
        lastModified: info.mtime.toUTCString(),
        compressible: COMPRESSIBLE.has(extension),
      },
      encoded: new Map(),
    };
    this.entries.set(path, entry);
    return entry;
  }

  encoded(entry: Entry, coding: Exclude<ContentCoding, "identity">): Promise<Buffer> {
    let pending = entry.encoded.get(coding);
    if (!pending) {
      const { body } = entry.asset;
      pending =
        coding === "br"
          ? brotliAsync(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: body.length <= BROTLI_BEST_UP_TO ? 11 : 5,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            })
          : gzipAsync(body, { level: 9 });
      entry.encoded.set(coding, pending);
    }
    return pending;
  }
}

const etagOf = (asset: Asset, coding: ContentCoding) => `"${asset.hash}${coding === "identity" ? "" : `-${coding}`}"`;

/** If-None-Match lists ETags (weak or strong); If-Modified-Since applies only without it (RFC 9110 §13.2.2). */
function notModified(request: FastifyRequest, asset: Asset, etag: string): boolean {
  const match = request.headers["if-none-match"];
  if (match !== undefined) {
    if (match.trim() === "*") return true;
    return match.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
  }
  const since = request.headers["if-modified-since"];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  return Number.isFinite(sinceMs) && Date.parse(asset.lastModified) <= sinceMs;
}

export interface SendOptions {
  cacheControl: string;
  headers?: Record<string, string>;
}

/** Answers with the file in the best coding the client accepts, or 304 when its copy is current. */
export async function sendAsset(
  cache: AssetCache,
  entry: Entry,
  request: FastifyRequest,
  reply: FastifyReply,
  options: SendOptions,
): Promise<FastifyReply> {
  const { asset } = entry;
  const coding = asset.compressible ? chooseCoding(request.headers["accept-encoding"]) : "identity";
  const etag = etagOf(asset, coding);
  reply
    .header("cache-control", options.cacheControl)
    .header("etag", etag)
    .header("last-modified", asset.lastModified)
    .headers(options.headers ?? {});
  if (asset.compressible) reply.header("vary", "accept-encoding");
  if (notModified(request, asset, etag)) return reply.status(304).send();
  reply.type(asset.type);
  if (coding === "identity") return reply.send(asset.body);
  return reply.header("content-encoding", coding).send(await cache.encoded(entry, coding));
}
