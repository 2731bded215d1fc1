"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { terminate } from "@vm-on-golem/sdk/contract";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import { explorerLinksForChain } from "@vm-on-golem/sdk/streams-index";
import { useState } from "react";
import { useAccount, usePublicClient, useWalletClient } from "wagmi";
import { formatDuration, shortAddress } from "../lib/format";
import { listStreamsOf, type StreamRow } from "../lib/list-streams-of";
import { ErrorDisplay } from "./error-display";
import { useApp } from "./providers";
import { type TxState, TxStatus } from "./tx-status";

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
      <p data-testid="streams-empty">
        Connect a wallet to list the streams it pays or is paid by. Streams are read from the
        StreamPayment contract at <code>{deployment.contracts.StreamPayment.address}</code> on{" "}
        {chain.name}.
      </p>
    );
  }
  if (streams.error) return <ErrorDisplay error={streams.error} title="could not list streams" />;
  if (!streams.data) return <p>Reading streams from the chain…</p>;
  if (streams.data.length === 0) {
    return <p data-testid="streams-empty">No streams from or to {shortAddress(address)} yet.</p>;
  }
  return (
    <table className="streams" data-testid="streams-table">
      <thead>
        <tr>
          <th>Stream</th>
          <th>Role</th>
          <th>Counterparty</th>
          <th>Rate</th>
          <th>Deposited</th>
          <th>Withdrawable</th>
          <th>Runway</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {streams.data.map((row) => (
          <StreamRowView key={row.record.streamId.toString()} row={row} />
        ))}
      </tbody>
    </table>
  );
}

function StreamRowView({ row }: { row: StreamRow }) {
  const { chain, deployment } = useApp();
  const { GLM, StreamPayment } = deployment.contracts;
  const { data: walletClient } = useWalletClient({ chainId: chain.id });
  const queryClient = useQueryClient();
  const [tx, setTx] = useState<TxState>({ status: "idle" });
  const { record, role, state } = row;
  const links = explorerLinksForChain(chain);
  const token = (amount: bigint) => formatTokenAmount(amount, GLM);
  const counterparty = role === "recipient" ? record.sender : record.recipient;
  const open = record.status === "active";

  const onTerminate = async () => {
    if (!walletClient) return;
    setTx({ status: "pending" });
    try {
      const result = await terminate(walletClient, {
        address: StreamPayment.address,
        streamId: record.streamId,
      });
      setTx({
        status: "confirmed",
        hash: result.hash,
        text: `paid ${token(result.paidToRecipient)}, refunded ${token(result.refundedToSender)}`,
      });
    } catch (error) {
      setTx({ status: "failed", error });
    }
    await queryClient.invalidateQueries();
  };

  return (
    <tr data-testid={`stream-${record.streamId}`} data-status={record.status}>
      <td>
        {links ? (
          <a href={links.stream(record)} target="_blank" rel="noreferrer">
            #{record.streamId.toString()}
          </a>
        ) : (
          `#${record.streamId}`
        )}
      </td>
      <td>
        {role === "sender" ? "you pay" : role === "recipient" ? "paid to you" : "to yourself"}
      </td>
      <td title={counterparty}>
        {links ? (
          <a href={links.address(counterparty)} target="_blank" rel="noreferrer">
            {shortAddress(counterparty)}
          </a>
        ) : (
          shortAddress(counterparty)
        )}
      </td>
      <td>{formatRate(record.ratePerSecond, GLM).perHour}</td>
      <td>{token(record.deposited)}</td>
      <td data-testid="withdrawable">{state ? token(state.withdrawable) : "—"}</td>
      <td data-testid="runway">{state ? formatDuration(state.runwaySeconds) : "—"}</td>
      <td data-testid="status">{open ? (state?.isActive ? "active" : "ran dry") : "terminated"}</td>
      <td>
        {open && tx.status !== "confirmed" ? (
          <button
            type="button"
            onClick={onTerminate}
            disabled={!walletClient || tx.status === "pending"}
          >
            Terminate
          </button>
        ) : null}
        <TxStatus state={tx} testId={`terminate-status-${record.streamId}`} />
      </td>
    </tr>
  );
}
