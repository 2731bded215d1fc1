/**
 * The demo's metering and settlement over a running rental, each side through its own CLI:
 * the stream as the requestor reads it on chain (`golem vm stream status`), time passing on
 * the chain, the provider's view and withdrawal (`golem-provider streams …`), a top-up
 * (`golem vm stream topup`), and (on `--once`) `golem vm destroy` (the VM destroyed, the
 * stream terminated) with both balances checked.
 *
 * @example
 * await showMetering({ rental, kit, step });
 * await settleRental({ rental, kit, step });
 */
import type { VmRental } from "./demo-vm.ts";
import { showGolem } from "./golem-cli.ts";
import type { LocalChainKit } from "./local-chain-kit.ts";

/** Parameters of {@link showMetering} and {@link settleRental}. */
export type DemoPaymentsParameters = {
  rental: VmRental;
  kit: LocalChainKit;
  step: (title: string) => void;
};

/** How long the demo lets pass on the chain (a half hour of service). */
const passSeconds = 1800;

/** Prints the stream (both sides), lets time pass, withdraws through the daemon's CLI, tops up. */
export async function showMetering(parameters: DemoPaymentsParameters): Promise<void> {
  const { rental, kit, step } = parameters;
  const { daemon, golemEnv, name } = rental;
  const provider = async (...args: string[]) => {
    console.log(`  $ golem-provider ${args.join(" ")}`);
    for (const line of (await daemon.cli(...args)).trimEnd().split("\n")) console.log(`  ${line}`);
  };

  step("the requestor's view of the stream, read on chain");
  await showGolem(["vm", "stream", "status", name], golemEnv);

  step(`${passSeconds / 60} minutes of service pass on the chain (evm_increaseTime)`);
  await kit.passTime(passSeconds);
  await provider("streams", "list");

  step("the provider withdraws its earnings");
  await provider("streams", "withdraw", "--all");
  console.log(`  provider balance ${kit.fmt(await kit.balanceOf(rental.providerId))}`);

  step("the requestor tops up one more hour");
  await showGolem(["vm", "stream", "topup", name, "--hours", "1", "--yes"], golemEnv);
}

/** `golem vm destroy` (VM gone, stream terminated) and a check that what one paid the other earned. */
export async function settleRental(parameters: DemoPaymentsParameters): Promise<void> {
  const { rental, kit, step } = parameters;
  step("the requestor destroys the VM; the CLI terminates its stream");
  await showGolem(["vm", "destroy", rental.name], rental.golemEnv);

  step("balances");
  const requestor = await kit.balanceOf(rental.requestor);
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
      `the requestor paid ${paid} base units (${kit.fmt(paid)}) but the provider earned ${earned} (${kit.fmt(earned)})`,
    );
  }
  console.log("  every unit the requestor paid reached the provider; the rest came back");
}
