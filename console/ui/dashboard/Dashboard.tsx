import { useEffect } from "preact/hooks";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";
import { AutomationsSection } from "./AutomationsSection.js";
import { CampaignDaysSection } from "./CampaignDaysSection.js";
import { ExperimentCard } from "./ExperimentCard.js";
import { LiveSection } from "./LiveSection.js";
import { NewExperiment } from "./NewExperiment.js";
import { ShopSection } from "./ShopSection.js";

/** The second view: this live, the shop over time, its automations between lives and its experiments, each table exportable. */
export function Dashboard() {
  const { model, t } = useHost();
  useEffect(() => {
    void model.loadInsight();
  }, [model]);
  const data = model.insight.value;
  return (
    <main class="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-4" aria-label={t.viewDashboard}>
      <div class="flex items-center gap-2">
        <Button busy={model.requests.busy.value.has("insight")} onClick={() => void model.loadInsight()}>
          {t.refresh}
        </Button>
        <RefusalNote action="insight" />
      </div>
      {!data ? (
        <p role="status" class="text-sm text-[var(--host-muted)]">
          {t.loadingInsight}
        </p>
      ) : (
        <>
          <h2 class="text-base font-semibold">{t.thisLive}</h2>
          <LiveSection data={data} />
          <h2 class="text-base font-semibold">{t.shopOverTime}</h2>
          <ShopSection data={data} />
          <CampaignDaysSection data={data} />
          <h2 class="text-base font-semibold">{t.automations}</h2>
          <AutomationsSection data={data} />
          <h2 class="text-base font-semibold">{t.experiments}</h2>
          <Panel title={t.newExperiment}>
            <NewExperiment />
          </Panel>
          {data.experiments.length === 0 ? (
            <p class="text-sm text-[var(--host-muted)]">{t.noExperiments}</p>
          ) : (
            data.experiments.map((e) => <ExperimentCard key={e.id} experiment={e} data={data} />)
          )}
        </>
      )}
    </main>
  );
}
