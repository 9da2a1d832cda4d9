import { ExtensionRenewal } from "../protocol/extension.js";

export type RenewalResult = { status: "renewed"; token: string } | { status: "refused" } | { status: "failed" };

/**
 * Asks the shop's renewal endpoint for a fresh token in exchange for the current one. Refused
 * (a 4xx: the token expired, was revoked or is forged) means the viewer signs in again; failed
 * (network, 5xx, an answer of the wrong shape) means try again later with the token still valid.
 */
export async function renewToken(url: string, token: string, fetchImpl = fetch): Promise<RenewalResult> {
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      credentials: "omit",
    });
    if (response.status >= 400 && response.status < 500) return { status: "refused" };
    if (!response.ok) return { status: "failed" };
    const body = ExtensionRenewal.safeParse(await response.json());
    return body.success ? { status: "renewed", token: body.data.token } : { status: "failed" };
  } catch {
    return { status: "failed" };
  }
}
