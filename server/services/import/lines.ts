/** A line of an import file: its number from 1, and its text, or that it was longer than allowed. */
export type FileLine = { line: number; text: string } | { line: number; tooLong: true };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines as it arrives, holding one line at most: a file of any size
 * reads in flat memory, and a line past `maxBytes` is reported as too long (its bytes dropped)
 * instead of growing without bound. Handles LF and CRLF ends and a leading UTF-8 BOM; lines
 * holding only whitespace are skipped but still counted.
 */
export async function* fileLines(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<FileLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): FileLine | null => {
    line++;
    const long = tooLong;
    const text = long ? "" : lineText(Buffer.concat(parts, size), line === 1);
    parts = [];
    size = 0;
    tooLong = false;
    if (long) return { line, tooLong: true };
    return text.trim() === "" ? null : { line, text };
  };
  for await (const chunk of input) {
    let bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let end = bytes.indexOf(NEWLINE);
    while (end >= 0) {
      take(bytes.subarray(0, end));
      const done = finish();
      if (done) yield done;
      bytes = bytes.subarray(end + 1);
      end = bytes.indexOf(NEWLINE);
    }
    take(bytes);
  }
  if (size > 0 || tooLong) {
    const done = finish();
    if (done) yield done;
  }

  function take(bytes: Buffer): void {
    if (tooLong || bytes.length === 0) return;
    if (size + bytes.length > maxBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(bytes);
    size += bytes.length;
  }
}

function lineText(bytes: Buffer, first: boolean): string {
  let text = bytes.toString("utf8");
  if (text.endsWith("\r")) text = text.slice(0, -1);
  return first && text.startsWith("\uFEFF") ? text.slice(1) : text;
}
