"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { withdraw, withdrawMany } from "@vm-on-golem/sdk/contract";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import { useAccount, usePublicClient, useWalletClient } from "wagmi";
import { shortAddress } from "../lib/format.ts";
import { listStreamsOf } from "../lib/list-streams-of.ts";
import { ErrorDisplay } from "./error-display.tsx";
import { useApp } from "./providers.tsx";
import { TxStatus } from "./tx-status.tsx";
import { useTx } from "./use-action.ts";

/** For the connected address as a provider: the streams paying it, accrued, withdraw. */
export function EarningsView() {
  const { chain, deployment } = useApp();
  const { GLM, StreamPayment } = deployment.contracts;
  const { address, isConnected } = useAccount();
  const publicClient = usePublicClient({ chainId: chain.id });
  const { data: wallet } = useWalletClient({ chainId: chain.id });
  const queryClient = useQueryClient();
  const streams = useQuery({
    queryKey: ["earnings", chain.id, address],
    enabled: !!address && !!publicClient,
    // biome-ignore lint/style/noNonNullAssertion: enabled only with both
    queryFn: () => listStreamsOf(publicClient!, deployment, address!),
    refetchInterval: 5_000,
  });
  const all = useTx(() => queryClient.invalidateQueries());
  const one = useTx(() => queryClient.invalidateQueries());
  const token = (amount: bigint) => formatTokenAmount(amount, GLM);
  if (!isConnected || !address) {
    return (
      <p data-testid="earnings-empty">
        Connect the provider's payment address to see the streams paying it and withdraw earnings.
      </p>
    );
  }
  if (streams.error) return <ErrorDisplay error={streams.error} title="could not list streams" />;
  if (!streams.data) return <p>Reading streams from the chain…</p>;
  const paying = streams.data.filter((row) => row.role !== "sender");
  const open = paying.filter((row) => row.record.status === "active" && row.state);
  const total = open.reduce((sum, row) => sum + (row.state?.withdrawable ?? 0n), 0n);
  const withdrawn = paying.reduce((sum, row) => sum + row.record.withdrawn, 0n);
  if (paying.length === 0) {
    return <p data-testid="earnings-empty">No stream pays {shortAddress(address)} yet.</p>;
  }
  const ids = open
    .filter((row) => (row.state?.withdrawable ?? 0n) > 0n)
    .map((r) => r.record.streamId);
  return (
    <div data-testid="earnings">
      <p>
        Withdrawable now: <strong data-testid="withdrawable-total">{token(total)}</strong> from{" "}
        {open.length} open stream(s); withdrawn so far {token(withdrawn)}.{" "}
        <button
          type="button"
          disabled={!wallet || ids.length === 0 || all.busy}
          onClick={() =>
            all.run(async () => {
              // biome-ignore lint/style/noNonNullAssertion: the button needs it
              const result = await withdrawMany(wallet!, {
                address: StreamPayment.address,
                streamIds: ids,
              });
              return { hash: result.hash, text: `withdrew ${token(result.total)}` };
            })
          }
        >
          Withdraw all
        </button>{" "}
        <TxStatus state={all.state} testId="withdraw-all-status" />
      </p>
      <table className="streams">
        <thead>
          <tr>
            <th>Stream</th>
            <th>Payer</th>
            <th>Rate</th>
            <th>Withdrawable</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {paying.map(({ record, state }) => (
            <tr key={record.streamId.toString()} data-testid={`earning-${record.streamId}`}>
              <td>#{record.streamId.toString()}</td>
              <td title={record.sender}>{shortAddress(record.sender)}</td>
              <td>{formatRate(record.ratePerSecond, GLM).perHour}</td>
              <td>{state ? token(state.withdrawable) : "–"}</td>
              <td>{record.status}</td>
              <td>
                <button
                  type="button"
                  disabled={!wallet || !state || state.withdrawable === 0n || one.busy}
                  onClick={() =>
                    one.run(async () => {
                      // biome-ignore lint/style/noNonNullAssertion: the button needs it
                      const result = await withdraw(wallet!, {
                        address: StreamPayment.address,
                        streamId: record.streamId,
                      });
                      return { hash: result.hash, text: `withdrew ${token(result.amount)}` };
                    })
                  }
                >
                  Withdraw
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <TxStatus state={one.state} testId="withdraw-status" />
    </div>
  );
}
