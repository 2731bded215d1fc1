"use client";

import Link from "next/link";
import { useMemo } from "react";
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
import { ErrorDisplay } from "./error-display.tsx";
import { ProviderLookups } from "./provider-lookups.tsx";
import { useApp } from "./providers.tsx";
import { RunwayNotificationToggle } from "./runway-notification-toggle.tsx";
import { Button } from "./ui/button.tsx";
import { Skeleton } from "./ui/skeleton.tsx";
import { useLocalList } from "./use-local-list.ts";
import { useVmsFromProviders } from "./use-vms-from-providers.ts";
import { VmCard } from "./vm-card.tsx";

type StoredVm = RentedVm & { destroyedAt?: string };

/**
 * The connected address's VMs: those this browser rented (kept in localStorage) merged with
 * those its providers list for it (found through its streams on chain), so another device sees
 * them too; each provider that cannot be asked is shown with its open streams.
 */
export function MyVmsView() {
  const { chain } = useApp();
  const { address, isConnected } = useAccount();
  const { data: wallet } = useWalletClient({ chainId: chain.id });
  const list = useLocalList<StoredVm>(storageKeys.rentedVms);
  const mine = useMemo(
    () =>
      address ? list.items.filter((vm) => isAddressEqual(vm.owner as `0x${string}`, address)) : [],
    [list.items, address],
  );
  const remote = useVmsFromProviders(address, wallet, mine);
  if (!isConnected || !address) {
    return (
      <EmptyState title="No wallet connected" data-testid="vms-empty">
        Connect a wallet to see its VMs: those rented in this browser ({list.items.length}{" "}
        remembered here) and those the providers it pays list for it, after one sign-in signature
        per provider.
      </EmptyState>
    );
  }
  if (!list.loaded) return <VmsSkeleton />;
  // The chain's word on which providers it pays; local records still show when it cannot be read.
  if (!remote.lookups && !remote.error) return <VmsSkeleton />;
  const lookups = remote.lookups ?? [];
  const all: StoredVm[] = [
    ...mine,
    ...remote.vms.filter((vm) => !mine.some((local) => sameVm(local, vm))),
  ];
  if (all.length === 0 && lookups.length === 0 && !remote.error) {
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
        No VMs rented with this wallet, from this browser or another: it pays no provider.
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
      {remote.error ? (
        <ErrorDisplay error={remote.error} title="could not read your streams from the chain" />
      ) : null}
      <ProviderLookups lookups={lookups} advertsLoading={remote.advertsLoading} />
      <div className="grid gap-4 lg:grid-cols-2" data-testid="vms">
        {all.map((vm) => (
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
