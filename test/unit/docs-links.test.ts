import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The README is the newcomer's three minutes and docs/ is the reference behind it. A moved or
 * renamed page or heading breaks a link silently, so every relative link is checked here, anchors
 * included, against the files and headings as they are.
 */
const README_MAX_LINES = 250;

const pages = [
  "README.md",
  ...readdirSync("docs")
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** Markdown outside code: links shown as code (`[a](b)` in a fence or backticks) are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = (heading ?? "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every inline link and image target of a page, with the text it came from. */
function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? "");
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** The broken links of one page, as "page → target: why". */
function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const target of linksOf(readFileSync(page, "utf8"))) {
    if (isExternal(target)) continue;
    const [pathPart = "", anchor] = target.split("#", 2);
    const file = pathPart === "" ? page : join(dirname(page), decodeURIComponent(pathPart));
    if (!existsSync(file)) {
      broken.push(`${page} → ${target}: no such file`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!statSync(file).isFile() || !file.endsWith(".md")) {
      broken.push(`${page} → ${target}: an anchor into something that is not a page`);
      continue;
    }
    if (!anchorsOf(readFileSync(file, "utf8")).has(decodeURIComponent(anchor))) {
      broken.push(`${page} → ${target}: no heading with that anchor`);
    }
  }
  return broken;
}

describe("README and docs/", () => {
  it(`keep the README to ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync("README.md", "utf8").trimEnd().split("\n").length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it("have a reference page for each topic", () => {
    const topics = [
      "embedding",
      "shop-api",
      "realtime",
      "deals",
      "webhooks",
      "operations",
      "scale-out",
      "benchmarks",
      "architecture",
    ];
    expect(topics.filter((topic) => !pages.includes(`docs/${topic}.md`))).toEqual([]);
  });

  it.each(pages)("%s closes every code block it opens", (page) => {
    // an unclosed fence swallows the rest of the page, headings and links included
    const fences = readFileSync(page, "utf8").match(/^(```|~~~)/gm) ?? [];
    expect(fences.length % 2).toBe(0);
  });

  it.each(pages)("%s links only to files and headings that exist", (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it("link every page of docs/ from the README", () => {
    const linked = new Set(
      linksOf(readFileSync("README.md", "utf8"))
        .filter((target) => !isExternal(target))
        .map((target) => relative(".", join(".", target.split("#")[0] ?? ""))),
    );
    expect(pages.filter((page) => page !== "README.md" && !linked.has(page))).toEqual([]);
  });

  it("work out anchors and links the way GitHub does", () => {
    const page = "# Comment 1 for a deal (扣1)\n## Claim storm\n## Claim storm\n```\n[not](a-link.md)\n```\n";
    expect([...anchorsOf(page)]).toEqual(["comment-1-for-a-deal-扣1", "claim-storm", "claim-storm-1"]);
    expect(linksOf(`${page}See [x](docs/a.md#b) and ![p](docs/p.png "t") and \`[c](d.md)\`.`)).toEqual([
      "docs/a.md#b",
      "docs/p.png",
    ]);
  });
});
