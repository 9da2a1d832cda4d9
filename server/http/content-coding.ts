export type ContentCoding = "br" | "gzip" | "identity";

/** the codings this server produces, best first */
const PREFERRED: Exclude<ContentCoding, "identity">[] = ["br", "gzip"];

/**
 * The coding to answer an Accept-Encoding header with (RFC 9110 §12.5.3): the best of ours the
 * client gives a non-zero weight, directly or through `*`; identity when none.
 */
export function chooseCoding(header: string | undefined): ContentCoding {
  if (!header) return "identity";
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (name) weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  let best: ContentCoding = "identity";
  let bestWeight = 0;
  for (const coding of PREFERRED) {
    const weight = weights.get(coding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}
