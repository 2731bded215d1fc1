/**
 * The demo's metering and settlement over a running rental, each side through its own CLI:
 * the stream as the requestor reads it on chain (`golem vm stream status`), time passing on
 * the chain, the provider's view and withdrawal (`golem-provider streams …`), a top-up
 * (`golem vm stream topup`), and (on `--once`) `golem vm destroy` (the VM destroyed, the
 * stream terminated) with both balances checked. Paid in ETH, the check is to the wei on both sides
 * with each side's gas read from its transactions' receipts, against the stream's own events.
 *
 * @example
 * await showMetering({ rental, kit, step });
 * await settleRental({ rental, kit, step });
 */
import { streamPaymentNativeAbi } from "@vm-on-golem/sdk/contract";
import type { Address } from "viem";
import type { VmRental } from "./demo-vm.ts";
import { showGolem } from "./golem-cli.ts";
import type { LocalChainKit } from "./local-chain-kit.ts";

/** Parameters of {@link showMetering} and {@link settleRental}. */
export type DemoPaymentsParameters = {
  rental: VmRental;
  kit: LocalChainKit;
  /** The StreamPayment the rental's stream is on (StreamPaymentNative when paid in ETH). */
  streamPayment: Address;
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
  // In ETH each side also paid gas from the same balance: added back from its receipts.
  const requestorGas =
    rental.pay === "eth" ? await kit.gasPaidBy(rental.requestor, rental.startBlock) : 0n;
  const providerGas =
    rental.pay === "eth" ? await kit.gasPaidBy(rental.providerId, rental.startBlock) : 0n;
  const paid = rental.before.requestor - requestor - requestorGas;
  const earned = provider - rental.before.provider + providerGas;
  const gasNote = (gas: bigint) => (rental.pay === "eth" ? ` (+ ${kit.fmt(gas)} gas)` : "");
  console.log(
    `  requestor ${kit.fmt(rental.before.requestor)} → ${kit.fmt(requestor)}: paid ${kit.fmt(paid)}${gasNote(requestorGas)}, the rest refunded`,
  );
  console.log(
    `  provider  ${kit.fmt(rental.before.provider)} → ${kit.fmt(provider)}: earned ${kit.fmt(earned)}${gasNote(providerGas)}`,
  );
  if (paid !== earned) {
    throw new Error(
      `the requestor paid ${paid} base units (${kit.fmt(paid)}) but the provider earned ${earned} (${kit.fmt(earned)})`,
    );
  }
  if (rental.pay === "eth") await checkNativeLedger(parameters, { paid, earned, requestorGas });
  console.log("  every unit the requestor paid reached the provider; the rest came back");
}

/**
 * The ETH rental against its stream's events on StreamPaymentNative: the requestor's balance fell
 * by deposit + top-ups − refund + its own gas, and the provider received every withdrawal and the
 * final payout (none of them credited instead), each to the wei.
 */
async function checkNativeLedger(
  parameters: DemoPaymentsParameters,
  sides: { paid: bigint; earned: bigint; requestorGas: bigint },
): Promise<void> {
  const { rental, kit, streamPayment } = parameters;
  const streamId = BigInt(rental.streamId);
  const range = {
    address: streamPayment,
    abi: streamPaymentNativeAbi,
    args: { streamId },
    fromBlock: rental.startBlock + 1n,
    strict: true,
  } as const;
  const events = kit.publicClient;
  const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
  const [created] = await events.getContractEvents({ ...range, eventName: "StreamCreated" });
  const [terminated] = await events.getContractEvents({ ...range, eventName: "StreamTerminated" });
  if (!created || !terminated) {
    throw new Error(
      `stream ${streamId} has no StreamCreated or StreamTerminated event since the rental began`,
    );
  }
  const deposit = created.args.deposit;
  const toppedUp = sum(
    (await events.getContractEvents({ ...range, eventName: "StreamToppedUp" })).map(
      (log) => log.args.amount,
    ),
  );
  const withdrawn = sum(
    (await events.getContractEvents({ ...range, eventName: "StreamWithdrawn" })).map(
      (log) => log.args.amount,
    ),
  );
  const { paidToRecipient, refundedToSender } = terminated.args;
  const credited = await kit.publicClient.getContractEvents({
    address: streamPayment,
    abi: streamPaymentNativeAbi,
    eventName: "PayoutCredited",
    fromBlock: rental.startBlock + 1n,
  });
  if (credited.length > 0) {
    throw new Error(
      `${credited.length} payout(s) were credited instead of paid: the balances cannot match`,
    );
  }
  const expectedPaid = deposit + toppedUp - refundedToSender;
  console.log(
    `  stream ${streamId}: deposit ${kit.fmt(deposit)} + top-ups ${kit.fmt(toppedUp)} − refund ${kit.fmt(refundedToSender)} = ${kit.fmt(expectedPaid)}`,
  );
  if (sides.paid !== expectedPaid) {
    throw new Error(
      `the requestor's ETH fell by ${sides.paid + sides.requestorGas} wei with ${sides.requestorGas} wei of gas, not by deposit + top-ups − refund + gas (${expectedPaid + sides.requestorGas})`,
    );
  }
  if (sides.earned !== withdrawn + paidToRecipient) {
    throw new Error(
      `the provider's ETH rose by ${sides.earned} wei (gas added back), not by its withdrawals + final payout (${withdrawn + paidToRecipient})`,
    );
  }
  console.log(
    "  to the wei: the requestor's ETH change is deposit + top-ups − refund + its gas; the provider's is its withdrawals + final payout − its gas",
  );
}
