import { CameraPanel } from "./CameraPanel.js";
import { CommentsPanel } from "./CommentsPanel.js";
import { LivePanel } from "./LivePanel.js";
import { OfferPanel } from "./OfferPanel.js";
import { PresentPanel } from "./PresentPanel.js";
import { ProductPanel } from "./ProductPanel.js";
import { StagePanel } from "./StagePanel.js";
import { TemplatesPanel } from "./TemplatesPanel.js";
import { WinnersPanel } from "./WinnersPanel.js";

/** The live view: set up on the left, the room's numbers in the middle, its voice on the right. */
export function LiveView() {
  return (
    <main class="grid min-h-0 flex-1 grid-cols-1 gap-4 overflow-auto p-4 lg:grid-cols-[minmax(300px,360px)_1fr_minmax(260px,320px)] lg:overflow-hidden">
      <div class="flex min-h-0 flex-col gap-4 lg:overflow-y-auto">
        <OfferPanel />
        <ProductPanel />
        <TemplatesPanel />
      </div>
      <div class="flex min-h-0 flex-col gap-4 lg:overflow-y-auto">
        <CameraPanel />
        <LivePanel />
        <WinnersPanel />
      </div>
      <div class="flex min-h-0 flex-col gap-4">
        <StagePanel />
        <PresentPanel />
        <CommentsPanel />
      </div>
    </main>
  );
}
