import { type ReadonlySignal, signal } from "@preact/signals";
import { HostEvent } from "../../protocol/events.js";
import type { ExperimentInput, ExperimentView, Insight } from "../../protocol/insight.js";
import type { Requests } from "./requests.js";

export interface InsightModel {
  /** the dashboard's figures, loaded when the dashboard is shown or refreshed */
  insight: ReadonlySignal<Insight | null>;
  loadInsight(): Promise<boolean>;
  startExperiment(input: ExperimentInput): Promise<ExperimentView | null>;
  stopExperiment(experimentId: string): Promise<ExperimentView | null>;
}

/** The dashboard's figures and the shop's experiments; nothing is pushed, the host asks. */
export function createInsightModel(deps: { run: Requests["run"] }): InsightModel {
  const insight = signal<Insight | null>(null);

  /** An experiment's new state replaces its old one in the dashboard's list. */
  const accept = (view: ExperimentView) => {
    const current = insight.value;
    if (!current) return;
    const others = current.experiments.filter((e) => e.id !== view.id);
    insight.value = { ...current, experiments: [view, ...others].sort((a, b) => b.createdAt - a.createdAt) };
  };

  return {
    insight,
    async loadInsight() {
      const data = await deps.run("insight", HostEvent.insight, {});
      if (data) insight.value = data;
      return data !== null;
    },
    async startExperiment(input) {
      const data = await deps.run("experimentStart", HostEvent.experimentStart, input);
      if (data) accept(data);
      return data;
    },
    async stopExperiment(experimentId) {
      const data = await deps.run("experimentStop", HostEvent.experimentStop, { experimentId });
      if (data) accept(data);
      return data;
    },
  };
}
