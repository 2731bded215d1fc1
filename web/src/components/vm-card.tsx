"use client";

import { useQuery } from "@tanstack/react-query";
import { getStreamState } from "@vm-on-golem/sdk/contract";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { useEffect, useState } from "react";
import { usePublicClient } from "wagmi";
import { formatDuration } from "../lib/format.ts";
import type { RentedVm } from "../lib/local-records.ts";
import { paymentOfRecord } from "../lib/payments.ts";
import { formatRunway } from "../lib/price.ts";
import { type PageWallet, providerClientFor } from "../lib/provider-clients.ts";
import { ActionStatus } from "./action-status.tsx";
import { ConfirmDestroyButton } from "./confirm-destroy-button.tsx";
import { ConfirmTerminateButton } from "./confirm-terminate-button.tsx";
import { ErrorDisplay } from "./error-display.tsx";
import { LastBudgetTopUp } from "./last-budget-top-up.tsx";
import { useApp } from "./providers.tsx";
import { TxStatus } from "./tx-status.tsx";
import { Button } from "./ui/button.tsx";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "./ui/card.tsx";
import { Field } from "./ui/field.tsx";
import { Input } from "./ui/input.tsx";
import { Skeleton } from "./ui/skeleton.tsx";
import { useLowRunwayNotification } from "./use-runway-notifications.ts";
import { useVmActions } from "./use-vm-actions.ts";
import { VmStatusBadge } from "./vm-status-badge.tsx";

type Props = { record: RentedVm; wallet: PageWallet; onDestroyed: () => void; destroyed: boolean };

/** Runway under which a VM's card shows a warning banner (seconds). */
const lowRunwaySeconds = 3600;

/** One rented VM: status from its provider, runway from the chain, and every action on both. */
export function VmCard({ record, wallet, onDestroyed, destroyed }: Props) {
  const { chain, deployment } = useApp();
  // The StreamPayment the stream was opened on (ids are per contract) and the coin it pays in.
  const coin = paymentOfRecord(deployment, record);
  const publicClient = usePublicClient({ chainId: chain.id });
  const provider = providerClientFor(record.apiUrl, wallet);
  const [gone, setGone] = useState(destroyed);
  const [hours, setHours] = useState("1");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const vmKey = ["vm", record.apiUrl, record.vmId];
  const vm = useQuery({
    queryKey: vmKey,
    queryFn: () => provider.getVm(record.vmId),
    enabled: !gone,
    refetchInterval: 3_000,
    retry: false,
  });
  const streamId = toStreamId(record.streamId);
  const stream = useQuery({
    queryKey: ["stream-state", chain.id, coin.streamPayment, record.streamId],
    enabled: !!publicClient,
    queryFn: async () => ({
      // biome-ignore lint/style/noNonNullAssertion: enabled only with it
      ...(await getStreamState(publicClient!, { address: coin.streamPayment, streamId })),
      fetchedAt: Date.now(),
    }),
    refetchInterval: 5_000,
  });
  const [budgetHours, setBudgetHoursText] = useState("24");
  const { action, tx, destroy, stop, start, addHours, setBudgetHours, terminateStream } =
    useVmActions({
      record,
      streamId,
      wallet,
      setGone,
      onDestroyed,
    });

  const state = stream.data;
  const rate = state?.stream.ratePerSecond ?? 0n;
  const chainNow = state ? Number(state.at) + Math.floor((now - state.fetchedAt) / 1000) : 0;
  const status = gone ? "destroyed" : (vm.data?.status ?? "unknown");
  const token = (amount: bigint) => formatTokenAmount(amount, coin);

  const open = state ? !state.stream.closed : false;
  // Below an hour the provider is close to stopping the VM (its monitor stops it at a few minutes).
  const lowRunway =
    open &&
    !gone &&
    state !== undefined &&
    Number(state.depletionTime) - chainNow < lowRunwaySeconds;
  useLowRunwayNotification({
    vmKey: `${record.apiUrl}|${record.vmId}`,
    vmName: record.name,
    low: state === undefined ? undefined : lowRunway,
    hasBudget: (state?.stream.topUpBudget ?? 0n) > 0n,
  });
  return (
    <Card data-testid={`vm-${record.vmId}`} data-status={status}>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="flex min-w-0 flex-col gap-0.5">
          {/* Name and id may come from the provider: long unbroken ones wrap, never widen the page. */}
          <CardTitle className="break-all">{record.name}</CardTitle>
          <code className="break-all text-xs text-muted-foreground">{record.vmId}</code>
        </div>
        {vm.isPending && !gone ? (
          <Skeleton className="h-5 w-16 rounded-full" />
        ) : (
          <VmStatusBadge status={status} testId="vm-status" />
        )}
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 [&_dt]:text-muted-foreground">
          <dt>Provider</dt>
          <dd className="min-w-0">
            <code>{record.apiUrl}</code>
          </dd>
          <dt>Size</dt>
          <dd>
            {vm.data ? (
              `${vm.data.resources.cpu} CPU, ${vm.data.resources.memoryGiB} GiB, ${vm.data.resources.storageGiB} GiB`
            ) : vm.isPending && !gone ? (
              <Skeleton className="h-4 w-40" />
            ) : (
              "–"
            )}
          </dd>
          <dt>Stream</dt>
          <dd>
            #{record.streamId}
            {state ? ` · ${formatRate(rate, coin).perHour}` : null}
          </dd>
          <dt>Runway</dt>
          <dd>
            {state ? (
              <>
                <strong data-testid="runway">
                  {state.stream.closed
                    ? "closed"
                    : formatRunway(Number(state.depletionTime), chainNow)}
                </strong>
                {open && state.depletionTime > 0n ? (
                  <span className="text-muted-foreground">
                    {" "}
                    · runs out {new Date(Number(state.depletionTime) * 1000).toLocaleString()}
                  </span>
                ) : null}
              </>
            ) : (
              <Skeleton className="h-4 w-32" />
            )}
          </dd>
          <dt>Refundable</dt>
          <dd>{state ? token(state.refundable) : <Skeleton className="h-4 w-24" />}</dd>
          <dt>Top-up budget</dt>
          <dd data-testid="top-up-budget">
            {state ? (
              state.stream.topUpBudget === 0n ? (
                "none"
              ) : (
                `${token(state.stream.topUpBudget)}${rate > 0n ? ` (${formatDuration(state.stream.topUpBudget / rate)} more)` : ""}`
              )
            ) : (
              <Skeleton className="h-4 w-24" />
            )}
          </dd>
          <dt>Last top-up from budget</dt>
          <LastBudgetTopUp
            provider={provider}
            apiUrl={record.apiUrl}
            vmId={record.vmId}
            enabled={!gone}
          />
        </dl>
        {lowRunway ? (
          <p
            role="alert"
            data-testid="low-runway-banner"
            data-top-up-budget={state?.stream.topUpBudget.toString()}
            className="rounded-lg border border-warning/30 bg-warning/10 px-3 py-2"
          >
            Less than an hour of runway left
            {state?.stream.topUpBudget === 0n
              ? ": the provider stops this VM when it runs out. Add hours below to keep it running."
              : ": the provider will top the stream up from its budget before it stops the VM."}
          </p>
        ) : null}
        {vm.error && !gone ? <ErrorDisplay error={vm.error} title="could not read the VM" /> : null}
        {stream.error ? (
          <ErrorDisplay error={stream.error} title="could not read the stream" />
        ) : null}
      </CardContent>
      <CardFooter className="flex-col items-stretch gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="outline"
            size="sm"
            disabled={gone || action.busy || status !== "running"}
            onClick={stop}
          >
            Stop
          </Button>
          <Button
            variant="outline"
            size="sm"
            disabled={gone || action.busy || status !== "stopped"}
            onClick={start}
          >
            Start
          </Button>
          <ConfirmDestroyButton
            vmName={record.name}
            streamId={record.streamId}
            streamOpen={open}
            disabled={gone || action.busy}
            onConfirm={destroy}
          />
          <ActionStatus state={action.state} testId="vm-action-status" />
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <Field className="w-28">
            Top up (hours)
            <Input name="topUpHours" value={hours} onChange={(e) => setHours(e.target.value)} />
          </Field>
          <Button
            variant="secondary"
            size="sm"
            className="h-9"
            disabled={!open || tx.busy || !(Number(hours) > 0)}
            onClick={() => addHours(hours, rate)}
          >
            Top up
          </Button>
          <Field className="w-36">
            Top-up budget (hours)
            <Input
              name="budgetHours"
              value={budgetHours}
              onChange={(e) => setBudgetHoursText(e.target.value)}
            />
          </Field>
          <Button
            variant="secondary"
            size="sm"
            className="h-9"
            disabled={!open || tx.busy || coin.native || !/^\d+(\.\d+)?$/.test(budgetHours.trim())}
            onClick={() => setBudgetHours(budgetHours.trim(), rate)}
          >
            Set budget
          </Button>
          <ConfirmTerminateButton
            streamId={record.streamId}
            disabled={!open || tx.busy}
            onConfirm={terminateStream}
          >
            Terminate stream
          </ConfirmTerminateButton>
          <TxStatus state={tx.state} testId="vm-tx-status" />
        </div>
      </CardFooter>
    </Card>
  );
}
