import type { ComponentChildren } from "preact";
import { fill } from "../../i18n/index.js";
import { type Cell, csvName, toCsv } from "../../models/csv.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { Panel } from "../parts/Panel.js";

export interface Column {
  label: string;
  /** how a cell reads on screen; the CSV keeps the raw value */
  show?: (value: Cell) => string;
  /** in the CSV only: a name beside a raw id the screen already shows by name */
  csvOnly?: boolean;
}

/** A table with its CSV: the file holds the same rows, raw (cents, ratios), not as formatted here. */
export function DataTable(props: {
  title: string;
  columns: Column[];
  rows: Cell[][];
  at: number;
  chart?: ComponentChildren;
}) {
  const { t } = useHost();
  const { title, columns, rows, at } = props;
  const download = () => {
    const blob = new Blob(
      [
        `\uFEFF${toCsv(
          columns.map((c) => c.label),
          rows,
        )}`,
      ],
      { type: "text/csv;charset=utf-8" },
    );
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = csvName(title, at);
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  return (
    <Panel
      title={title}
      aside={
        <Button class="!px-2 !py-0.5 text-xs" aria-label={fill(t.csvOf, { table: title })} onClick={download}>
          {t.csv}
        </Button>
      }
    >
      {props.chart}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls sideways, by keys too (WCAG 2.1.1) */}
      <section aria-label={title} tabIndex={0} class="overflow-x-auto">
        <table aria-label={title} class="w-full text-left text-sm tabular-nums">
          <thead class="text-xs text-[var(--host-muted)]">
            <tr>
              {columns.map((c) =>
                c.csvOnly ? null : (
                  <th key={c.label} scope="col" class="px-2 py-1 font-medium whitespace-nowrap">
                    {c.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r} class="border-t border-white/5">
                {row.map((cell, i) =>
                  columns[i]?.csvOnly ? null : (
                    <td key={i} data-value={cell ?? ""} class="px-2 py-1 whitespace-nowrap">
                      {columns[i]?.show ? columns[i].show(cell) : (cell ?? "—")}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Panel>
  );
}
