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
import { EmptyState } from "./empty-state.tsx";
import { useApp } from "./providers.tsx";
import { RunwayNotificationToggle } from "./runway-notification-toggle.tsx";
import { Button } from "./ui/button.tsx";
import { Skeleton } from "./ui/skeleton.tsx";
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
      <EmptyState title="No wallet connected" data-testid="vms-empty">
        Connect a wallet to see the VMs it rented in this browser ({list.items.length} remembered
        here). Each VM is read from its provider after one sign-in signature.
      </EmptyState>
    );
  }
  const mine = list.items.filter((vm) => isAddressEqual(vm.owner as `0x${string}`, address));
  if (!list.loaded) return <VmsSkeleton />;
  if (mine.length === 0) {
    return (
      <EmptyState
        title="No VMs yet"
        data-testid="vms-empty"
        action={
          <Button asChild>
            <Link href="/providers">Find a provider</Link>
          </Button>
        }
      >
        No VMs rented from this browser with this wallet.
      </EmptyState>
    );
  }
  if (!wallet) return <VmsSkeleton />;
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
    <div className="flex flex-col gap-4">
      <RunwayNotificationToggle />
      <div className="grid gap-4 lg:grid-cols-2" data-testid="vms">
        {mine.map((vm) => (
          <div key={`${vm.apiUrl}|${vm.vmId}`} className="flex min-w-0 flex-col gap-1">
            <VmCard
              record={vm}
              wallet={wallet}
              destroyed={vm.destroyedAt !== undefined}
              onDestroyed={() => markDestroyed(vm)}
            />
            {vm.destroyedAt ? (
              <Button variant="link" size="sm" className="self-start" onClick={() => forget(vm)}>
                Forget this VM
              </Button>
            ) : null}
          </div>
        ))}
      </div>
    </div>
  );
}

function VmsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2" role="status" aria-label="Reading your VMs…">
      {[0, 1].map((i) => (
        <Skeleton key={i} className="h-64 w-full rounded-xl" />
      ))}
    </div>
  );
}
