import { getStreamState } from "@vm-on-golem/sdk/contract";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { createProviderClient, type ProviderClient } from "@vm-on-golem/sdk/provider-client";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { openChainSession } from "../chain/open-chain-session.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { loadPaymentKey, paymentKeyParameters } from "../state/payment-key.ts";
import type { VmRow } from "../state/requestor-db.ts";

/** A recorded VM with its status from its provider and its stream from the chain, when they answer. */
export type LiveVm = VmRow & {
  /** Where `status` comes from: its provider now, or this machine's record (provider unreachable). */
  statusSource: "provider" | "local";
  /** Why the provider could not say; null when it answered. */
  providerError: string | null;
  /** Paid seconds left on chain; null without a stream or when the chain could not be read. */
  runwaySeconds: bigint | null;
  /** What the provider may still pull from the wallet into the stream (base units); null: unread. */
  topUpBudget: bigint | null;
  /** The stream's rate (base units per second); null: unread. */
  ratePerSecond: bigint | null;
  /** Whether the stream is terminated; null: unread. */
  streamClosed: boolean | null;
  /** Why the chain could not say; null when it answered (or there is no stream). */
  chainError: string | null;
};

const errorText = (error: unknown) =>
  isGolemError(error) ? `${error.code}: ${error.message}` : String(error);

/**
 * Refreshes recorded VMs for `golem vm list`: each VM's status from its provider (one signed-in
 * client per provider, asked side by side within `timeoutMs`) and its stream's runway and
 * top-up budget from the chain. What cannot be reached falls back to the record and says why.
 *
 * @example const rows = await readLiveVms(config, db.listVms(), { timeoutMs: 5000 });
 */
export async function readLiveVms(
  config: RequestorConfig,
  vms: VmRow[],
  { timeoutMs }: { timeoutMs: number },
): Promise<LiveVm[]> {
  if (vms.length === 0) return [];
  let signer: PrivateKeyAccount | undefined;
  let keyError: unknown;
  try {
    signer = privateKeyToAccount((await loadPaymentKey(paymentKeyParameters(config))).privateKey);
  } catch (error) {
    keyError = error;
  }
  let session: ReturnType<typeof openChainSession> | undefined;
  const sessionOf = () => (session ??= openChainSession(config));
  const clients = new Map<string, ProviderClient>();
  const clientOf = (baseUrl: string) => {
    if (!signer) throw keyError;
    let client = clients.get(baseUrl);
    if (!client) {
      client = createProviderClient({ baseUrl, signer, timeoutMs });
      clients.set(baseUrl, client);
    }
    return client;
  };
  return Promise.all(
    vms.map(async (vm): Promise<LiveVm> => {
      const [live, chain] = await Promise.all([
        (async () => clientOf(vm.providerApiUrl).getVm(vm.vmId))().then(
          (view) => ({ status: view.status, error: null }),
          (error: unknown) => ({ status: undefined, error: errorText(error) }),
        ),
        vm.streamId === null
          ? Promise.resolve(undefined)
          : sessionOf()
              .then(({ publicClient, deployment }) =>
                getStreamState(publicClient, {
                  address: deployment.contracts.StreamPayment.address,
                  streamId: toStreamId(vm.streamId as string),
                }),
              )
              .then(
                (state) => ({ state, error: null }),
                (error: unknown) => ({ state: undefined, error: errorText(error) }),
              ),
      ]);
      return {
        ...vm,
        status: live.status ?? vm.status,
        statusSource: live.status === undefined ? "local" : "provider",
        providerError: live.error,
        runwaySeconds: chain?.state?.runwaySeconds ?? null,
        topUpBudget: chain?.state?.stream.topUpBudget ?? null,
        ratePerSecond: chain?.state?.stream.ratePerSecond ?? null,
        streamClosed: chain?.state?.stream.closed ?? null,
        chainError: chain?.error ?? null,
      };
    }),
  );
}
