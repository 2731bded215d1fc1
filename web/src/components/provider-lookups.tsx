"use client";

import { formatRate } from "@vm-on-golem/sdk/money";
import { shortAddress } from "../lib/format.ts";
import { paymentAt } from "../lib/payments.ts";
import { toErrorView } from "../lib/to-golem-error.ts";
import { useApp } from "./providers.tsx";
import { Badge } from "./ui/badge.tsx";
import type { ProviderLookup } from "./use-vms-from-providers.ts";

/**
 * One line per provider the connected address pays: how many of its VMs it listed, or why it
 * could not be asked (no advert seen, not reachable, sign-in refused), with the open streams
 * to it so nothing paid for goes unseen.
 */
export function ProviderLookups({
  lookups,
  advertsLoading,
}: {
  lookups: ProviderLookup[];
  advertsLoading: boolean;
}) {
  if (lookups.length === 0) return null;
  return (
    <ul className="flex flex-col gap-2 text-sm" data-testid="provider-lookups">
      {lookups.map((lookup) => (
        <LookupLine key={lookup.paid.provider} lookup={lookup} advertsLoading={advertsLoading} />
      ))}
    </ul>
  );
}

function LookupLine({
  lookup: { paid, answer },
  advertsLoading,
}: {
  lookup: ProviderLookup;
  advertsLoading: boolean;
}) {
  const { deployment } = useApp();
  const state =
    paid.apiUrl === undefined
      ? advertsLoading
        ? "looking"
        : "unknown"
      : !answer || answer.isPending
        ? "asking"
        : answer.error
          ? toErrorView(answer.error).code === "PROVIDER_UNREACHABLE"
            ? "unreachable"
            : "failed"
          : "listed";
  const badge = {
    looking: <Badge variant="outline">looking for its advert…</Badge>,
    unknown: <Badge variant="warning">no advert seen: API unknown</Badge>,
    asking: <Badge variant="outline">asking the provider…</Badge>,
    unreachable: <Badge variant="destructive">provider not reachable</Badge>,
    failed: <Badge variant="destructive">could not list its VMs</Badge>,
    listed: (
      <Badge variant="secondary">
        {answer?.data?.vms.length ?? 0} VM(s)
        {answer?.data?.unpaid ? `, ${answer.data.unpaid} not paid by you (not shown)` : ""}
      </Badge>
    ),
  }[state];
  return (
    <li
      className="flex min-w-0 flex-col gap-1 rounded-lg border border-border px-3 py-2"
      data-testid="provider-lookup"
      data-provider={paid.provider}
      data-state={state}
    >
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <span className="font-medium" title={paid.provider}>
          Provider {shortAddress(paid.provider)}
        </span>
        {paid.apiUrl ? (
          <code className="min-w-0 break-all text-xs text-muted-foreground">{paid.apiUrl}</code>
        ) : null}
        {badge}
      </div>
      <p className="text-muted-foreground">
        Open stream(s):{" "}
        {paid.streams
          .map((s) => {
            const coin = paymentAt(deployment, s.contract);
            return `#${s.streamId}${coin ? ` (${formatRate(s.ratePerSecond, coin).perHour})` : ""}`;
          })
          .join(", ")}
      </p>
      {answer?.error ? (
        <p className="break-words text-destructive" data-testid="provider-lookup-error">
          {toErrorView(answer.error).message}
        </p>
      ) : null}
    </li>
  );
}
