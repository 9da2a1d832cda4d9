import { lookup } from "node:dns/promises";
import { isPublicAddress } from "../domain/addresses.js";

/** Resolves a host name to every address it has. */
export type ResolveHost = (host: string) => Promise<string[]>;

export interface WebhookTargetPolicy {
  /** development and tests only: receivers on this machine or a private network are allowed */
  allowPrivate: boolean;
  resolve?: ResolveHost;
}

const resolveWithDns: ResolveHost = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/**
 * Why a webhook URL may not be used, or null when it may: http or https only, no credentials in
 * it, and (unless the policy allows private targets) every address its host resolves to public.
 * Checked when the shop sets the URL and again before each delivery, since what a name resolves
 * to can change after it was accepted; the delivery's own connection checks the addresses it
 * really uses (webhook-post.ts), since it can change between this check and that connection too.
 */
export async function webhookTargetRefusal(url: string, policy: WebhookTargetPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "only http and https URLs";
  if (parsed.username || parsed.password) return "credentials do not belong in the URL; sign with the secret";
  if (policy.allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  try {
    addresses = await (policy.resolve ?? resolveWithDns)(host);
  } catch {
    return `${host} does not resolve`;
  }
  if (addresses.length === 0) return `${host} does not resolve`;
  const inside = addresses.find((address) => !isPublicAddress(address));
  return inside ? `${host} resolves to ${inside}, which is not a public address` : null;
}
