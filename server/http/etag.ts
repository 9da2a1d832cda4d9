import { EncoreError } from "../../protocol/index.js";
import type { Precondition } from "../services/config.js";

/** The config's version as an entity tag: a strong one, so If-Match compares it exactly. */
export const configEtag = (version: number) => `"config-${version}"`;

/**
 * What an If-Match header asks for (RFC 9110 §13.1.1): `*`, or a list of tags. A weak tag or one
 * that is not ours matches no version; a header too malformed to read is refused.
 */
export function readIfMatch(header: string | undefined): Precondition {
  if (header === undefined) return { kind: "none" };
  const text = header.trim();
  if (text === "*") return { kind: "any" };
  const tags = text.split(",").map((tag) => tag.trim());
  if (tags.some((tag) => !/^(W\/)?"[^"]*"$/.test(tag))) {
    throw new EncoreError("bad_request", 'If-Match takes the ETag of GET /v1/config, e.g. "config-7"');
  }
  const versions = tags.flatMap((tag) => {
    const match = /^"config-(\d{1,15})"$/.exec(tag);
    return match?.[1] ? [Number.parseInt(match[1], 10)] : [];
  });
  return { kind: "version", versions };
}
