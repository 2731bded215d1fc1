"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { withdraw, withdrawMany } from "@vm-on-golem/sdk/contract";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import type { Address } from "viem";
import { useAccount, usePublicClient, useWalletClient } from "wagmi";
import { earningsSeries } from "../lib/earnings-series.ts";
import { shortAddress } from "../lib/format.ts";
import { listStreamsOf, type StreamRow } from "../lib/list-streams-of.ts";
import { EarningsChart } from "./earnings-chart.tsx";
import { EmptyState } from "./empty-state.tsx";
import { ErrorDisplay } from "./error-display.tsx";
import { ProviderAdvertCard } from "./provider-advert-card.tsx";
import { useApp } from "./providers.tsx";
import { StreamStatusBadge } from "./stream-status-badge.tsx";
import { TableSkeleton } from "./table-skeleton.tsx";
import { TxStatus } from "./tx-status.tsx";
import { Button } from "./ui/button.tsx";
import { Card, CardContent } from "./ui/card.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table.tsx";
import { useTx } from "./use-action.ts";

/**
 * The provider dashboard, for the connected address as a provider: its advert as the network
 * sees it, earnings over time, the streams paying it, withdrawable, Withdraw all.
 */
export function EarningsView() {
  const { chain, deployment } = useApp();
  const { address, isConnected } = useAccount();
  const publicClient = usePublicClient({ chainId: chain.id });
  const streams = useQuery({
    queryKey: ["earnings", chain.id, address],
    enabled: !!address && !!publicClient,
    // biome-ignore lint/style/noNonNullAssertion: enabled only with both
    queryFn: () => listStreamsOf(publicClient!, deployment, address!),
    refetchInterval: 5_000,
  });
  if (!isConnected || !address) {
    return (
      <EmptyState title="No wallet connected" data-testid="earnings-empty">
        Connect the provider's payment address to see the streams paying it and withdraw earnings.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <ProviderAdvertCard address={address} />
      {streams.error ? (
        <ErrorDisplay error={streams.error} title="could not list streams" />
      ) : !streams.data ? (
        <TableSkeleton label="Reading streams from the chain…" testId="earnings-loading" />
      ) : (
        <Earnings rows={streams.data} address={address} />
      )}
    </div>
  );
}

function Earnings({ rows, address }: { rows: StreamRow[]; address: Address }) {
  const { chain, deployment } = useApp();
  const { GLM, StreamPayment } = deployment.contracts;
  const { data: wallet } = useWalletClient({ chainId: chain.id });
  const queryClient = useQueryClient();
  const all = useTx(() => queryClient.invalidateQueries());
  const one = useTx(() => queryClient.invalidateQueries());
  const token = (amount: bigint) => formatTokenAmount(amount, GLM);
  const paying = rows.filter((row) => row.role !== "sender");
  const open = paying.filter((row) => row.record.status === "active" && row.state);
  const total = open.reduce((sum, row) => sum + (row.state?.withdrawable ?? 0n), 0n);
  const withdrawn = paying.reduce((sum, row) => sum + row.record.withdrawn, 0n);
  if (paying.length === 0) {
    return (
      <EmptyState title="No earnings yet" data-testid="earnings-empty">
        No stream pays {shortAddress(address)} yet.
      </EmptyState>
    );
  }
  // Chain time (ahead of the clock on a dev chain moved forward), else the clock.
  const now = Math.max(
    Math.floor(Date.now() / 1000),
    ...open.map((row) => Number(row.state?.at ?? 0n)),
  );
  const series = earningsSeries(
    paying.map(({ record, state }) => ({
      createdAt: record.createdAt,
      ratePerSecond: record.ratePerSecond,
      earned: record.withdrawn + (record.status === "active" ? (state?.withdrawable ?? 0n) : 0n),
    })),
    now,
  );
  const ids = open
    .filter((row) => (row.state?.withdrawable ?? 0n) > 0n)
    .map((r) => r.record.streamId);
  return (
    <div className="flex flex-col gap-4" data-testid="earnings">
      <Card>
        <CardContent className="flex flex-wrap items-center gap-x-6 gap-y-3 sm:pt-5">
          <div className="flex flex-col">
            <span className="text-xs uppercase tracking-wide text-muted-foreground">
              Withdrawable now
            </span>
            <strong className="text-2xl tabular-nums" data-testid="withdrawable-total">
              {token(total)}
            </strong>
          </div>
          <p className="flex-1 text-sm text-muted-foreground">
            from {open.length} open stream(s); withdrawn so far {token(withdrawn)}.
          </p>
          <Button
            disabled={!wallet || ids.length === 0 || all.busy}
            onClick={() =>
              wallet &&
              all.run(`Withdraw from ${ids.length} stream(s)`, wallet, async (w) => {
                const result = await withdrawMany(w, {
                  address: StreamPayment.address,
                  streamIds: ids,
                });
                return { hash: result.hash, text: `withdrew ${token(result.total)}` };
              })
            }
          >
            Withdraw all
          </Button>
          <TxStatus state={all.state} testId="withdraw-all-status" />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="sm:pt-5">
          <EarningsChart series={series} decimals={GLM.decimals} symbol={GLM.symbol} />
        </CardContent>
      </Card>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Stream</TableHead>
            <TableHead>Payer</TableHead>
            <TableHead>Rate</TableHead>
            <TableHead>Withdrawable</TableHead>
            <TableHead>Status</TableHead>
            <TableHead />
          </TableRow>
        </TableHeader>
        <TableBody>
          {paying.map(({ record, state }) => (
            <TableRow key={record.streamId.toString()} data-testid={`earning-${record.streamId}`}>
              <TableCell className="font-medium">#{record.streamId.toString()}</TableCell>
              <TableCell className="whitespace-nowrap" title={record.sender}>
                {shortAddress(record.sender)}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {formatRate(record.ratePerSecond, GLM).perHour}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {state ? token(state.withdrawable) : "–"}
              </TableCell>
              <TableCell>
                <StreamStatusBadge
                  status={
                    record.status !== "active"
                      ? "terminated"
                      : state?.isActive
                        ? "active"
                        : "ran dry"
                  }
                />
              </TableCell>
              <TableCell>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={!wallet || !state || state.withdrawable === 0n || one.busy}
                  onClick={() =>
                    wallet &&
                    one.run(`Withdraw from stream #${record.streamId}`, wallet, async (w) => {
                      const result = await withdraw(w, {
                        address: StreamPayment.address,
                        streamId: record.streamId,
                      });
                      return { hash: result.hash, text: `withdrew ${token(result.amount)}` };
                    })
                  }
                >
                  Withdraw
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TxStatus state={one.state} testId="withdraw-status" />
    </div>
  );
}
