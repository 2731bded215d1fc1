"use client";

/** The rent flow's steps, in order. */
export const rentSteps = [
  ["sign-in", "Sign in to the provider (one signature)"],
  ["offer", "Get the provider's signed offer"],
  ["confirm", "Confirm the price"],
  ["stream", "Permit signature + create the payment stream"],
  ["create", "Create the VM"],
  ["boot", "Boot until SSH answers"],
  ["ready", "Ready"],
] as const;

export type RentStepName = (typeof rentSteps)[number][0];

/** Where the flow is: the current step, whether it failed, and a note (e.g. VM status, seconds). */
export type RentProgressState = { step: RentStepName; failed: boolean; note?: string | undefined };

/** The steps with done / current / waiting marks. */
export function RentProgress({ state }: { state: RentProgressState }) {
  const current = rentSteps.findIndex(([name]) => name === state.step);
  return (
    <ol className="rent-progress" data-testid="rent-progress" data-step={state.step}>
      {rentSteps.map(([name, label], index) => {
        const status =
          index < current || state.step === "ready"
            ? "done"
            : index === current
              ? state.failed
                ? "failed"
                : "current"
              : "waiting";
        return (
          <li key={name} data-status={status} className={status}>
            {status === "done"
              ? "✓ "
              : status === "failed"
                ? "✗ "
                : status === "current"
                  ? "… "
                  : ""}
            {label}
            {index === current && state.note ? <small> — {state.note}</small> : null}
          </li>
        );
      })}
    </ol>
  );
}
