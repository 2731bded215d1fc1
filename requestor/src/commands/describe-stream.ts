import type { GetStreamStateReturnType } from "@vm-on-golem/sdk/contract";
import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import type { ChainSession } from "../chain/open-chain-session.ts";
import { renderFields } from "../cli/output.ts";
import { formatDuration, formatUnixTime } from "../format/format-amounts.ts";

/** A stream's state as commands print it with `--json` (amounts in base units). */
export type StreamReport = {
  streamId: StreamId;
  chainId: number;
  contract: string;
  sender: string;
  recipient: string;
  serviceId: string;
  ratePerSecond: bigint;
  ratePerHour: bigint;
  closed: boolean;
  isActive: boolean;
  /** What terminate would refund now. */
  remaining: bigint;
  /** What withdraw would pay the recipient now. */
  withdrawable: bigint;
  runwaySeconds: bigint;
  /** Unix seconds; 0 when closed. */
  depletionTime: bigint;
  /** Chain time the numbers are for (unix seconds). */
  at: bigint;
  vmName?: string | undefined;
  explorer?: string | undefined;
};

/** Builds the report of one stream from {@link getStreamState}'s answer. */
export function streamReport(
  session: ChainSession,
  streamId: StreamId,
  state: GetStreamStateReturnType,
  vmName?: string,
): StreamReport {
  const contract = session.deployment.contracts.StreamPayment.address;
  return {
    streamId,
    chainId: session.chainId,
    contract,
    sender: state.stream.sender,
    recipient: state.stream.recipient,
    serviceId: state.stream.serviceId,
    ratePerSecond: state.stream.ratePerSecond,
    ratePerHour: state.stream.ratePerSecond * 3600n,
    closed: state.stream.closed,
    isActive: state.isActive,
    remaining: state.refundable,
    withdrawable: state.withdrawable,
    runwaySeconds: state.runwaySeconds,
    depletionTime: state.depletionTime,
    at: state.at,
    vmName,
    explorer: session.explorer?.readContract(contract),
  };
}

/** The text form of a {@link StreamReport}. */
export function renderStreamReport(session: ChainSession, report: StreamReport): string {
  const { GLM } = session.deployment.contracts;
  const glm = (v: bigint) => formatTokenAmount(v, GLM);
  const status = report.closed ? "closed" : report.isActive ? "active" : "depleted";
  return renderFields([
    ["Stream", `#${report.streamId} (${status})`],
    ["VM", report.vmName],
    ["Sender", report.sender],
    ["Recipient", report.recipient],
    [
      "Rate",
      `${formatRate(report.ratePerSecond, GLM).perHour} (${report.ratePerSecond} base units/s)`,
    ],
    ["Remaining", glm(report.remaining)],
    ["Withdrawable", glm(report.withdrawable)],
    ["Runway", formatDuration(report.runwaySeconds)],
    ["Depletes at", formatUnixTime(report.depletionTime)],
    ["Explorer", report.explorer],
  ]);
}
