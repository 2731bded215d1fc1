import { createProviderClient, type ProviderClient } from "@vm-on-golem/sdk/provider-client";
import { privateKeyToAccount } from "viem/accounts";
import { type ChainSession, openChainSession } from "../chain/open-chain-session.ts";
import { payingOn, recordedStreamContract } from "../chain/paying-with.ts";
import type { CliContext } from "../cli/cli-context.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { loadPaymentKey, paymentKeyParameters } from "../state/payment-key.ts";
import { openRequestorDb, type VmRow } from "../state/requestor-db.ts";
import { findLocalVm } from "./vm-local-commands.ts";

/** A recorded VM with what it takes to reach its provider as its stream's sender. */
export type RemoteVm = {
  config: RequestorConfig;
  /** The chain (opened on first call: only commands that touch the stream need it). */
  session: () => Promise<ChainSession>;
  vm: VmRow;
  /** Signs in with the payment key (the stream's sender) on first call. */
  provider: ProviderClient;
};

/**
 * Looks up VM `name` in the local db (`VM_NOT_FOUND`) and prepares a client for its provider
 * that signs in with the payment key (the stream's sender), and the chain session on demand.
 *
 * @example
 * const { provider, vm } = await openRemoteVm(ctx, "web-1");
 * await provider.stopVm(vm.vmId);
 */
export async function openRemoteVm(ctx: CliContext, name: string): Promise<RemoteVm> {
  const config = await ctx.config();
  const vm = await findLocalVm(config, name);
  const { privateKey } = await loadPaymentKey(paymentKeyParameters(config));
  const provider = createProviderClient({
    baseUrl: vm.providerApiUrl,
    signer: privateKeyToAccount(privateKey),
  });
  let session: Promise<ChainSession> | undefined;
  // Seen through the StreamPayment the VM's stream was opened on (ETH or GLM).
  const open = async () => {
    const chain = await openChainSession(config);
    if (vm.streamId === null) return chain;
    const db = openRequestorDb(await ensureHome(config.home));
    try {
      const at = { streamId: vm.streamId, vmName: vm.name };
      return payingOn(chain, recordedStreamContract(db, chain.chainId, at));
    } finally {
      db.close();
    }
  };
  return { config, session: () => (session ??= open()), vm, provider };
}

/**
 * Writes a VM row back (status or SSH endpoint changed), or deletes it when `row` is undefined.
 *
 * @example
 * await saveVm(config.home, "web-1", { ...vm, status: "stopped" });
 */
export async function saveVm(home: string, name: string, row: VmRow | undefined): Promise<void> {
  const db = openRequestorDb(await ensureHome(home));
  try {
    if (row === undefined) db.deleteVm(name);
    else db.upsertVm(row);
  } finally {
    db.close();
  }
}
