"use client";

import { cn } from "../lib/cn.ts";

const stepClass = {
  done: "text-success",
  current: "font-semibold",
  failed: "text-destructive",
  waiting: "text-muted-foreground",
} as const;

/** The rent flow's steps, in order. */
export const rentSteps = [
  ["sign-in", "Sign in to the provider (one signature)"],
  ["offer", "Get the provider's signed offer"],
  ["confirm", "Confirm the price"],
  ["stream", "Open the payment stream (a permit or approve for a token; ETH as its value)"],
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
    <ol
      className="flex flex-col gap-2 rounded-xl border border-border bg-card p-4 text-sm"
      data-testid="rent-progress"
      data-step={state.step}
    >
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
          <li key={name} data-status={status} className={cn("flex gap-2", stepClass[status])}>
            <span
              aria-hidden="true"
              className={cn(
                "mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border text-[10px]",
                status === "current" && "animate-pulse border-primary bg-primary/20",
                status === "done" && "border-success bg-success text-white",
                status === "failed" && "border-destructive bg-destructive text-white",
              )}
            >
              {status === "done" ? "✓" : status === "failed" ? "✗" : ""}
            </span>
            <span className="min-w-0">
              {label}
              {index === current && state.note ? (
                <small className="text-muted-foreground"> — {state.note}</small>
              ) : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
