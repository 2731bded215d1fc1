import { ErrorDisplay } from "./error-display.tsx";
import type { ActionState } from "./use-action.ts";

/** A provider call's state next to its buttons. */
export function ActionStatus({ state, testId }: { state: ActionState; testId: string }) {
  switch (state.status) {
    case "idle":
      return null;
    case "pending":
      return (
        <span className="text-sm text-muted-foreground" data-testid={testId} data-status="pending">
          {state.label}…
        </span>
      );
    case "done":
      return (
        <span className="text-sm text-success" data-testid={testId} data-status="confirmed">
          {state.text}
        </span>
      );
    case "failed":
      return (
        <span className="block w-full" data-testid={testId} data-status="failed">
          <ErrorDisplay error={state.error} title="failed" />
        </span>
      );
  }
}
