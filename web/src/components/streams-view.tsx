"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { terminate } from "@vm-on-golem/sdk/contract";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import { explorerLinksForChain } from "@vm-on-golem/sdk/streams-index";
import { useAccount, usePublicClient, useWalletClient } from "wagmi";
import { formatDuration, shortAddress } from "../lib/format";
import { listStreamsOf, type StreamRow } from "../lib/list-streams-of";
import { ConfirmTerminateButton } from "./confirm-terminate-button.tsx";
import { EmptyState } from "./empty-state.tsx";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";
import { StreamStatusBadge } from "./stream-status-badge.tsx";
import { TableSkeleton } from "./table-skeleton.tsx";
import { TxStatus } from "./tx-status";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table.tsx";
import { useTx } from "./use-action.ts";

/** Every stream the connected address pays or is paid by, with Terminate for open ones. */
export function StreamsView() {
  const { chain, deployment } = useApp();
  const { address, isConnected } = useAccount();
  const publicClient = usePublicClient({ chainId: chain.id });
  const streams = useQuery({
    queryKey: ["streams", chain.id, address],
    enabled: !!address && !!publicClient,
    // biome-ignore lint/style/noNonNullAssertion: enabled only with both
    queryFn: () => listStreamsOf(publicClient!, deployment, address!),
    refetchInterval: 5_000,
  });
  if (!isConnected || !address) {
    return (
      <EmptyState title="No wallet connected" data-testid="streams-empty">
        Connect a wallet to list the streams it pays or is paid by. Streams are read from the
        StreamPayment contract at <code>{deployment.contracts.StreamPayment.address}</code> on{" "}
        {chain.name}.
      </EmptyState>
    );
  }
  if (streams.error) return <ErrorDisplay error={streams.error} title="could not list streams" />;
  if (!streams.data) {
    return <TableSkeleton label="Reading streams from the chain…" testId="streams-loading" />;
  }
  if (streams.data.length === 0) {
    return (
      <EmptyState title="No streams yet" data-testid="streams-empty">
        No stream pays or is paid by {shortAddress(address)} on {chain.name}.
      </EmptyState>
    );
  }
  return (
    <Table data-testid="streams-table">
      <TableHeader>
        <TableRow>
          <TableHead>Stream</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Counterparty</TableHead>
          <TableHead>Rate</TableHead>
          <TableHead>Deposited</TableHead>
          <TableHead>Withdrawable</TableHead>
          <TableHead>Runway</TableHead>
          <TableHead>Status</TableHead>
          <TableHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {streams.data.map((row) => (
          <StreamRowView key={row.record.streamId.toString()} row={row} />
        ))}
      </TableBody>
    </Table>
  );
}

function StreamRowView({ row }: { row: StreamRow }) {
  const { chain, deployment } = useApp();
  const { GLM, StreamPayment } = deployment.contracts;
  const { data: walletClient } = useWalletClient({ chainId: chain.id });
  const queryClient = useQueryClient();
  const tx = useTx(() => queryClient.invalidateQueries());
  const { record, role, state } = row;
  const links = explorerLinksForChain(chain);
  const token = (amount: bigint) => formatTokenAmount(amount, GLM);
  const counterparty = role === "recipient" ? record.sender : record.recipient;
  const open = record.status === "active";

  const onTerminate = () =>
    walletClient &&
    tx.run(`Terminate stream #${record.streamId}`, walletClient, async (wallet) => {
      const result = await terminate(wallet, {
        address: StreamPayment.address,
        streamId: record.streamId,
      });
      return {
        hash: result.hash,
        text: `paid ${token(result.paidToRecipient)}, refunded ${token(result.refundedToSender)}`,
      };
    });

  return (
    <TableRow data-testid={`stream-${record.streamId}`} data-status={record.status}>
      <TableCell className="font-medium">
        {links ? (
          <a href={links.stream(record)} target="_blank" rel="noreferrer">
            #{record.streamId.toString()}
          </a>
        ) : (
          `#${record.streamId}`
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap">
        {role === "sender" ? "you pay" : role === "recipient" ? "paid to you" : "to yourself"}
      </TableCell>
      <TableCell className="whitespace-nowrap" title={counterparty}>
        {links ? (
          <a href={links.address(counterparty)} target="_blank" rel="noreferrer">
            {shortAddress(counterparty)}
          </a>
        ) : (
          shortAddress(counterparty)
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap">
        {formatRate(record.ratePerSecond, GLM).perHour}
      </TableCell>
      <TableCell className="whitespace-nowrap">{token(record.deposited)}</TableCell>
      <TableCell className="whitespace-nowrap" data-testid="withdrawable">
        {state ? token(state.withdrawable) : "—"}
      </TableCell>
      <TableCell className="whitespace-nowrap" data-testid="runway">
        {state ? formatDuration(state.runwaySeconds) : "—"}
      </TableCell>
      <TableCell>
        <StreamStatusBadge
          testId="status"
          status={open ? (state?.isActive ? "active" : "ran dry") : "terminated"}
        />
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap items-center gap-2">
          {open && tx.state.status !== "confirmed" ? (
            <ConfirmTerminateButton
              streamId={record.streamId.toString()}
              onConfirm={onTerminate}
              disabled={!walletClient || tx.busy}
            />
          ) : null}
          <TxStatus state={tx.state} testId={`terminate-status-${record.streamId}`} />
        </div>
      </TableCell>
    </TableRow>
  );
}
