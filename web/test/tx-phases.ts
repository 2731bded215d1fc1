/** Reads which phases each transaction toast of the page went through, in order. */
import type { Page } from "playwright-core";

declare global {
  interface Window {
    __txPhases?: Record<string, string[]>;
  }
}

/**
 * Starts recording, per toast label, every `data-tx-phase` its description shows ("wallet",
 * "chain", "confirmed", "failed"), each change once. Call once per page load.
 */
export async function recordTxPhases(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    window.__txPhases = seen;
    const note = () => {
      for (const node of document.querySelectorAll("[data-sonner-toast] [data-tx-phase]")) {
        const label = node.getAttribute("data-tx-label") ?? "";
        const phase = node.getAttribute("data-tx-phase") ?? "";
        const phases = seen[label] ?? [];
        seen[label] = phases;
        if (phases[phases.length - 1] !== phase) phases.push(phase);
      }
    };
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true });
  });
}

/** The phases the toast labelled `label` went through since {@link recordTxPhases}. */
export function txPhases(page: Page, label: string): Promise<string[]> {
  return page.evaluate((l) => window.__txPhases?.[l] ?? [], label);
}
