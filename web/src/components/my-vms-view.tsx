"use client";

import Link from "next/link";
import { isAddressEqual } from "viem";
import { useAccount, useWalletClient } from "wagmi";
import {
  type RentedVm,
  removeItems,
  sameVm,
  storageKeys,
  upsertItem,
} from "../lib/local-records.ts";
import { useApp } from "./providers.tsx";
import { useLocalList } from "./use-local-list.ts";
import { VmCard } from "./vm-card.tsx";

type StoredVm = RentedVm & { destroyedAt?: string };

/** The VMs this browser rented with the connected address (kept in localStorage). */
export function MyVmsView() {
  const { chain } = useApp();
  const { address, isConnected } = useAccount();
  const { data: wallet } = useWalletClient({ chainId: chain.id });
  const list = useLocalList<StoredVm>(storageKeys.rentedVms);
  if (!isConnected || !address) {
    return (
      <p data-testid="vms-empty">
        Connect a wallet to see the VMs it rented in this browser ({list.items.length} remembered
        here). Each VM is read from its provider after one sign-in signature.
      </p>
    );
  }
  const mine = list.items.filter((vm) => isAddressEqual(vm.owner as `0x${string}`, address));
  if (!list.loaded) return <p>Reading…</p>;
  if (mine.length === 0) {
    return (
      <p data-testid="vms-empty">
        No VMs rented from this browser yet. <Link href="/providers">Find a provider</Link>.
      </p>
    );
  }
  if (!wallet) return <p>Waiting for the wallet…</p>;
  const markDestroyed = (vm: StoredVm) =>
    list.update((storage) =>
      upsertItem<StoredVm>(
        storage,
        storageKeys.rentedVms,
        { ...vm, destroyedAt: new Date().toISOString() },
        sameVm,
      ),
    );
  const forget = (vm: StoredVm) =>
    list.update((storage) =>
      removeItems<StoredVm>(storage, storageKeys.rentedVms, (v) => sameVm(v, vm)),
    );
  return (
    <div className="vms" data-testid="vms">
      {mine.map((vm) => (
        <div key={`${vm.apiUrl}|${vm.vmId}`}>
          <VmCard
            record={vm}
            wallet={wallet}
            destroyed={vm.destroyedAt !== undefined}
            onDestroyed={() => markDestroyed(vm)}
          />
          {vm.destroyedAt ? (
            <button type="button" className="link" onClick={() => forget(vm)}>
              Forget this VM
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}
