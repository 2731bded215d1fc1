/**
 * The demo's metering and settlement over a running rental: the stream as the provider reads
 * it, time passing on the chain, the provider withdrawing through its own CLI, a top-up, and
 * (on `--once`) the VM destroyed, the stream terminated and both balances checked.
 *
 * @example
 * await showMetering({ rental, kit, streamPayment, step });
 * await settleRental({ rental, kit, streamPayment, step });
 */
import { terminate } from "@vm-on-golem/sdk/contract/terminate";
import { topUp } from "@vm-on-golem/sdk/contract/top-up";
import { depositForDuration } from "@vm-on-golem/sdk/stream/deposit-for-duration";
import type { Address } from "viem";
import type { VmRental } from "./demo-vm.ts";
import type { LocalChainKit } from "./local-chain-kit.ts";

/** Parameters of {@link showMetering} and {@link settleRental}. */
export type DemoPaymentsParameters = {
  rental: VmRental;
  kit: LocalChainKit;
  /** The StreamPayment contract. */
  streamPayment: Address;
  step: (title: string) => void;
};

/** How long the demo lets pass on the chain (a half hour of service). */
const passSeconds = 1800;

/** Prints the stream (provider's view), lets time pass, withdraws through the daemon's CLI, tops up. */
export async function showMetering(parameters: DemoPaymentsParameters): Promise<void> {
  const { rental, kit, step } = parameters;
  const { client, daemon, vm } = rental;
  const showStream = async () => {
    const s = await client.vmStream(vm.id);
    const state = s.closed ? "terminated" : s.active ? "active" : "depleted";
    console.log(
      `  stream #${s.streamId} ${state}: accrued ${kit.fmt(BigInt(s.withdrawable))} to withdraw, ` +
        `${kit.fmt(BigInt(s.refundable))} left, runway ${s.runwaySeconds} s`,
    );
  };

  step("the provider's view of the stream (GET /vms/{id}/stream, read on chain)");
  await showStream();

  step(`${passSeconds / 60} minutes of service pass on the chain (evm_increaseTime)`);
  await kit.passTime(passSeconds);
  await showStream();
  for (const line of (await daemon.cli("streams", "list")).trimEnd().split("\n")) {
    console.log(`  │ ${line}`);
  }

  step("the provider withdraws its earnings: golem-provider streams withdraw");
  console.log(`  │ ${(await daemon.cli("streams", "withdraw", "--all")).trim()}`);
  console.log(`  provider balance ${kit.fmt(await kit.balanceOf(rental.providerId))}`);

  step("the requestor tops up one more hour");
  const s = await client.vmStream(vm.id);
  await topUp(rental.requestor, {
    address: parameters.streamPayment,
    streamId: rental.streamId,
    amount: depositForDuration(BigInt(s.ratePerSecond), 3600n),
  });
  await showStream();
}

/** Destroys the VM, terminates the stream and checks that what one paid the other earned. */
export async function settleRental(parameters: DemoPaymentsParameters): Promise<void> {
  const { rental, kit, step } = parameters;
  step("the requestor destroys the VM and terminates the stream");
  await rental.client.destroyVm(rental.vm.id);
  console.log(`  VM ${rental.vm.id} destroyed`);
  const t = await terminate(rental.requestor, {
    address: parameters.streamPayment,
    streamId: rental.streamId,
  });
  console.log(
    `  terminate: ${kit.fmt(t.paidToRecipient)} to the provider, ${kit.fmt(t.refundedToSender)} refunded`,
  );

  step("balances");
  const requestor = await kit.balanceOf(rental.requestor.account.address);
  const provider = await kit.balanceOf(rental.providerId);
  const paid = rental.before.requestor - requestor;
  const earned = provider - rental.before.provider;
  console.log(
    `  requestor ${kit.fmt(rental.before.requestor)} → ${kit.fmt(requestor)}: paid ${kit.fmt(paid)}, the rest refunded`,
  );
  console.log(
    `  provider  ${kit.fmt(rental.before.provider)} → ${kit.fmt(provider)}: earned ${kit.fmt(earned)}`,
  );
  if (paid !== earned) {
    throw new Error(
      `the requestor paid ${kit.fmt(paid)} but the provider earned ${kit.fmt(earned)}`,
    );
  }
  console.log("  every unit the requestor paid reached the provider; the rest came back");
}
