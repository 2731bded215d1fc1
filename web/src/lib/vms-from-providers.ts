import type { VmView } from "@vm-on-golem/sdk/provider-client";
import type { StreamRecord } from "@vm-on-golem/sdk/streams-index";
import { type Address, isAddressEqual } from "viem";
import type { RentedVm } from "./local-records.ts";

/** Most VMs taken from one provider's answer; the rest are ignored (a hostile provider's flood). */
export const MAX_VMS_PER_PROVIDER = 100;

/** A provider the connected address pays, from the chain, and where its API is (if known). */
export type PaidProvider = {
  /** The streams' recipient (a provider id: the address that signs its adverts). */
  provider: Address;
  /** Its API: from its signed advert, else from a VM record this browser kept; undefined: unknown. */
  apiUrl: string | undefined;
  /** Open streams from the connected address to it, by ascending id. */
  streams: StreamRecord[];
};

/**
 * The providers `streams` (sent by the connected address) pay while open, each with its API URL:
 * the one its signed advert names (`advertApiUrl`, verified: only the provider's key signs it),
 * else the one a local record of a VM on one of its streams names. Closed streams are left out:
 * their VMs are gone or going.
 *
 * @example
 * const providers = paidProviders(streams, (id) => rows.find((r) => r.providerId === id)?.apiUrl, local);
 */
export function paidProviders(
  streams: readonly StreamRecord[],
  advertApiUrl: (provider: Address) => string | undefined,
  local: readonly RentedVm[],
): PaidProvider[] {
  const byProvider = new Map<string, PaidProvider>();
  for (const stream of streams) {
    if (stream.status !== "active") continue;
    const key = stream.recipient.toLowerCase();
    let entry = byProvider.get(key);
    if (!entry) {
      entry = { provider: stream.recipient, apiUrl: advertApiUrl(stream.recipient), streams: [] };
      byProvider.set(key, entry);
    }
    entry.streams.push(stream);
  }
  for (const entry of byProvider.values()) {
    entry.streams.sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
    entry.apiUrl ??= local.find((vm) =>
      entry.streams.some((stream) => recordPaysWith(vm, stream)),
    )?.apiUrl;
  }
  return [...byProvider.values()];
}

/** The answer of one provider's `GET /vms`, sorted against the chain. */
export type ProviderVms = {
  /** VMs paid by one of the connected address's streams to this provider, as records. */
  vms: RentedVm[];
  /** VMs the provider listed that no such stream pays (its word alone: not shown as yours). */
  unpaid: number;
};

/**
 * The VMs a provider listed (already checked against the API's schema by the client), kept only
 * when the stream the provider says pays for each is one of `paid.streams`: a stream the chain
 * says the connected address opened to this provider. Nothing else in the answer is trusted.
 *
 * @example
 * const { vms } = vmsPaidBy(paid, await provider.listVms(), address);
 */
export function vmsPaidBy(
  paid: PaidProvider,
  listed: readonly VmView[],
  owner: Address,
): ProviderVms {
  const vms: RentedVm[] = [];
  let unpaid = 0;
  for (const vm of listed.slice(0, MAX_VMS_PER_PROVIDER)) {
    const stream = paid.streams.find(
      (s) => vm.streamId !== null && s.streamId.toString() === vm.streamId,
    );
    if (!stream || !paid.apiUrl || !isAddressEqual(stream.sender, owner)) {
      unpaid++;
      continue;
    }
    vms.push({
      apiUrl: paid.apiUrl,
      vmId: vm.id,
      name: vm.name,
      streamId: stream.streamId.toString(),
      streamPayment: stream.contract,
      owner,
      createdAt: vm.createdAt,
    });
  }
  return { vms, unpaid: unpaid + Math.max(0, listed.length - MAX_VMS_PER_PROVIDER) };
}

/** True when a local VM record is paid by `stream` (same id on the same contract, if it names one). */
function recordPaysWith(vm: RentedVm, stream: StreamRecord): boolean {
  if (vm.streamId !== stream.streamId.toString()) return false;
  return (
    vm.streamPayment === undefined || isAddressEqual(vm.streamPayment as Address, stream.contract)
  );
}
