/** The back office's Audit log section in English; spread into en.ts. */
export const auditEn = {
  auditTitle: "Audit log",
  audAction: "Change",
  audAll: "All changes",
  audFrom: "From",
  audTo: "Until",
  audApply: "Show",
  audCsv: "Download CSV",
  audCsvHint: "The newest 500 entries of this filter",
  audOlder: "Older entries",
  audEmpty: "No changes recorded for this filter.",
  audLoading: "Reading the log…",
  audDetails: "What changed",
  audNothing: "Nothing but the change itself.",
};
