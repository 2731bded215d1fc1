import type { DatabaseSync } from "node:sqlite";
import type { SigningClient } from "@vm-on-golem/sdk/contract";
import type { VmPayments } from "../service/vm-service.ts";
import { checkPaidStream, claimCheckedStream } from "./check-paid-stream.ts";
import { checkStartRunway } from "./check-start-runway.ts";
import type { OfferStore } from "./offer-store.ts";
import type { PaymentSettings } from "./payment-settings.ts";
import { settleVmStream } from "./settle-vm-stream.ts";

/** Parameters of {@link createVmPayments}. */
export type CreateVmPaymentsParameters = {
  settings: PaymentSettings;
  offers: OfferStore;
  db: DatabaseSync;
  /** The stream monitor's stop threshold: starting a paid VM needs more runway (seconds). */
  stopBelowSeconds: number;
  /** The provider's payment key as a wallet: terminates the stream of a VM being destroyed. */
  wallet: SigningClient;
  /** Unix time in ms. */
  now?: () => number;
};

/**
 * The VM service's payments over the node's settings: the on-chain check before any VM work,
 * the claim inside the reserve transaction, the runway check before a start, and the stream's
 * termination before a destroy.
 *
 * @example
 * const service = createVmService({ ..., payments: createVmPayments({ settings, offers, db, wallet, stopBelowSeconds: 300 }) });
 */
export function createVmPayments(parameters: CreateVmPaymentsParameters): VmPayments {
  const { settings, offers, db, wallet } = parameters;
  const now = parameters.now ?? Date.now;
  return {
    check: (owner, proof, resources) =>
      checkPaidStream({ settings, offers, db, owner, proof, resources, nowMs: now() }),
    claim: (checked, vmId) => claimCheckedStream(offers, checked, vmId),
    checkStart: (vm) =>
      checkStartRunway({ settings, vm, stopBelowSeconds: parameters.stopBelowSeconds }),
    settle: (vm) => settleVmStream({ settings, wallet, vm }),
  };
}
