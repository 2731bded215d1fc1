import { toStreamId } from "@vm-on-golem/sdk/stream";
import { isAddressEqual } from "viem";
import { openChainSession } from "../chain/open-chain-session.ts";
import { recordedStreamContract } from "../chain/paying-with.ts";
import type { CliContext } from "../cli/cli-context.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { createVmChecker } from "../monitor/check-vm-on-provider.ts";
import { runTopUpCycle, type TopUpCycleEntry } from "../monitor/run-top-up-cycle.ts";
import { startTopUpMonitor, type TopUpMonitor } from "../monitor/start-top-up-monitor.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import type { SpendCap } from "./spend-cap.ts";

/** Parameters of {@link startServerMonitor}. */
export type StartServerMonitorParameters = {
  ctx: CliContext;
  config: RequestorConfig;
  home: string;
  intervalSeconds: number;
  minRunwaySeconds: number;
  /** Every top-up must fit these caps (the same as the API's). */
  cap: SpendCap;
};

/** VM states whose stream the monitor keeps funded. */
const liveStates = new Set(["creating", "starting", "running"]);

/**
 * The auto top-up monitor of `golem server api`, over the streams of the live VMs recorded in
 * `home`: each VM's provider is asked first (a VM it no longer runs is marked here and never
 * paid for again), each top-up must fit the spending caps, and every change of a stream's
 * state is logged once on stderr.
 *
 * @example
 * const monitor = await startServerMonitor({ ctx, config, home, intervalSeconds: 30, minRunwaySeconds: 3600, cap });
 */
export async function startServerMonitor(
  params: StartServerMonitorParameters,
): Promise<TopUpMonitor> {
  const { ctx, config, home } = params;
  const session = await openChainSession(config);
  const wallet = await session.wallet();
  const { GLM, StreamPayment } = session.deployment.contracts;
  const checker = createVmChecker({ signer: wallet.account });
  const withDb = <T>(use: (db: ReturnType<typeof openRequestorDb>) => T): T => {
    const db = openRequestorDb(home);
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  const said = new Map<string, string>();
  /** Logs a stream's state once per change, so an outage is not one line every cycle. */
  const tell = (e: TopUpCycleEntry, state: string, line: string) => {
    const key = e.streamId.toString();
    if (said.get(key) === state) return;
    said.set(key, state);
    ctx.err(line);
  };
  return startTopUpMonitor({
    intervalMs: params.intervalSeconds * 1000,
    streams: async () =>
      withDb((db) =>
        db
          .listVms()
          .filter((vm) => vm.streamId !== null && liveStates.has(vm.status))
          // Only streams on the session's StreamPayment: a stream id is per contract, so an ETH
          // stream's id must never be topped up on the GLM contract (auto top-up of ETH streams
          // is not done yet; `golem vm stream topup` tops them up by hand).
          .filter((vm) => {
            const at = { streamId: vm.streamId ?? "", vmName: vm.name };
            const contract = recordedStreamContract(db, session.chainId, at);
            return contract === undefined || isAddressEqual(contract, StreamPayment.address);
          })
          .map((vm) => ({ streamId: toStreamId(vm.streamId ?? ""), vmName: vm.name })),
      ),
    cycle: (streams) =>
      runTopUpCycle({
        session,
        wallet,
        streams,
        minRunwaySeconds: params.minRunwaySeconds,
        targetRunwaySeconds: Math.max(
          config.autoTopUp.targetRunwaySeconds,
          params.minRunwaySeconds,
        ),
        checkVm: async ({ vmName }) => {
          const vm = vmName === undefined ? undefined : withDb((db) => db.getVm(vmName));
          if (vm === undefined)
            return { verdict: "unverified", status: undefined, code: "VM_NOT_FOUND" };
          return checker(vm);
        },
        onVmGone: ({ vmName }, check) => {
          if (vmName === undefined) return;
          // Marked here so `vm list` shows it and the next cycles leave it out.
          withDb((db) => {
            const vm = db.getVm(vmName);
            if (vm)
              db.upsertVm({
                ...vm,
                status: check.status === "not-found" ? "gone" : (check.status ?? "gone"),
              });
          });
        },
        approveSpend: (amount, { streamId }) =>
          params.cap.approve({
            amount,
            decimals: GLM.decimals,
            symbol: GLM.symbol,
            purpose: `the auto top-up of stream #${streamId}`,
          }),
      }),
    onCycle: (report) => {
      for (const e of report.entries) {
        const vm =
          e.vmName === undefined
            ? `stream #${e.streamId}`
            : `"${e.vmName}" (stream #${e.streamId})`;
        if (e.amount > 0n) {
          said.set(e.streamId.toString(), "funded");
          ctx.err(`topped up stream #${e.streamId} by ${e.amount} base units (${e.hash})`);
        } else if (e.held === "vm-gone") {
          tell(
            e,
            "gone",
            `stopped paying for ${vm}: its provider reports it ${e.providerStatus}; destroy it with \`golem vm destroy ${e.vmName ?? ""}\` to end the stream and get the rest back`,
          );
        } else if (e.held === "provider-unverified") {
          tell(
            e,
            "unverified",
            `not topping up ${vm} while its provider does not confirm the VM (${e.error}); ${formatDuration(e.runwaySeconds)} of runway left`,
          );
        } else if (e.error) {
          tell(e, `error ${e.error}`, `${vm}: ${e.error}`);
        } else {
          said.delete(e.streamId.toString());
        }
      }
      if (report.error) ctx.err(`top-up cycle failed: ${report.error}`);
    },
  });
}
