import { type LookupAddress, lookup as lookupDns } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isPublicAddress } from "../domain/addresses.js";

/**
 * Resolves a name for the connection itself and refuses it when any address is not public.
 * The check made before sending resolved the name too, but a name can answer differently a
 * moment later (DNS rebinding): only the addresses the socket will really use are trusted.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookupDns(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const inside = found.find((a) => !isPublicAddress(a.address));
    if (inside || found.length === 0) {
      const refusal = new Error(
        `${hostname} resolves to ${inside?.address ?? "nothing"}, which is not a public address`,
      );
      return callback(refusal, "", 0);
    }
    if (options.all) return callback(null, found);
    const first = found[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
};

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** development and tests: connect to private addresses too */
  allowPrivate: boolean;
}

/**
 * POSTs one webhook and resolves with the receiver's status. Redirects are not followed (a
 * redirect could point anywhere); no answer within `timeoutMs` rejects.
 */
export function postWebhook(post: WebhookPost): Promise<number> {
  const url = new URL(post.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: "POST",
      headers: { ...post.headers, "content-length": String(Buffer.byteLength(post.body)) },
      ...(post.allowPrivate ? {} : { lookup: publicOnlyLookup }),
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`the receiver did not answer within ${post.timeoutMs} ms`)),
      post.timeoutMs,
    );
    request.once("response", (response) => {
      clearTimeout(timer);
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(post.body);
  });
}
