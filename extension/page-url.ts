/**
 * The URL the adapters read. In the extension's test build (and only there: the flag is fixed at
 * build time) a fixture page served at http://127.0.0.1:PORT/<host>/<path> stands for
 * https://<host>/<path>, so the fixtures exercise the adapters' real URL patterns.
 */
export function platformUrl(href: string, fixtures: boolean): URL {
  const url = new URL(href);
  if (!fixtures || url.hostname !== "127.0.0.1") return url;
  const [, host = "", ...rest] = url.pathname.split("/");
  return new URL(`https://${host}/${rest.join("/")}${url.search}`);
}
