"use client";

import type { PaymentDeployment } from "@vm-on-golem/sdk/deployments";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import type { AccessView, VmView } from "@vm-on-golem/sdk/provider-client";
import { type RentQuote, rentVm, waitForVmRunning } from "@vm-on-golem/sdk/rent";
import type { HourlyPrices } from "@vm-on-golem/sdk/stream";
import { useRef, useState } from "react";
import type { Address } from "viem";
import { type RentedVm, sameVm, storageKeys, upsertItem } from "../lib/local-records.ts";
import { type PageWallet, providerClientFor } from "../lib/provider-clients.ts";
import { useApp } from "./providers.tsx";
import type { RentProgressState } from "./rent-progress.tsx";
import { startTxToast } from "./tx-toast.tsx";

/** What the user asked for. */
export type RentRequest = {
  name: string;
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  image: string;
  hours: number;
  /** Hours of runway in the stream's top-up budget (0: none): the provider pulls it before it would stop the VM. */
  autoTopUpHours: number;
  sshPublicKey: string;
  /** `permit` (one signature + one transaction) or `approve` (two transactions); unused for ETH. */
  method: "permit" | "approve";
  /** Guest ports to publish besides SSH (checked against the signed advert's limit). */
  ports?: number[] | undefined;
};

/** The rent flow's state for the page. */
export type RentFlow = {
  progress: RentProgressState | undefined;
  quote: RentQuote | undefined;
  error: unknown;
  vm: VmView | undefined;
  access: AccessView | undefined;
  running: boolean;
  start: (request: RentRequest) => Promise<void>;
  answerQuote: (ok: boolean) => void;
};

/**
 * Runs the sdk's `rentVm` with the connected wallet (SIWE, checked offer held to the listed
 * prices the page showed, price confirmation in the page, then the stream on the provider's
 * StreamPayment: a native-ETH stream with the deposit as its value, or on a token the permit it
 * speaks + createStream, or approve + create), remembers the VM and its contract in this
 * browser, and waits until SSH answers.
 *
 * @example
 * const flow = useRentFlow(apiUrl, providerId, walletClient, advert.prices, payment);
 * await flow.start({ name, cpu: 1, memoryGiB: 1, storageGiB: 10, image: "", hours: 1, sshPublicKey, method: "permit" });
 */
export function useRentFlow(
  apiUrl: string,
  providerId: Address | undefined,
  wallet: PageWallet | undefined,
  /** The signed advert's prices (else the provider's listed ones): a dearer offer is refused. */
  listedPrices: HourlyPrices | undefined,
  /** The StreamPayment of the deployment the provider is paid on (its advert's, else its info's). */
  paidOn: PaymentDeployment,
): RentFlow {
  const { chain } = useApp();
  const [progress, setProgress] = useState<RentProgressState>();
  const [quote, setQuote] = useState<RentQuote>();
  const [error, setError] = useState<unknown>();
  const [vm, setVm] = useState<VmView>();
  const [access, setAccess] = useState<AccessView>();
  const [running, setRunning] = useState(false);
  const answer = useRef<((ok: boolean) => void) | undefined>(undefined);

  const start = async (request: RentRequest) => {
    if (!wallet) return;
    setRunning(true);
    setError(undefined);
    setVm(undefined);
    setAccess(undefined);
    // An object, so the type checker does not narrow what the callbacks below change.
    const current: { step: RentProgressState["step"] } = { step: "sign-in" };
    const at = (next: RentProgressState["step"], note?: string) => {
      current.step = next;
      setProgress({ step: next, failed: false, note });
    };
    // The payment (permit signature or approve, then createStream) under one transaction toast.
    const payment = startTxToast({ label: "Create the payment stream", chain, wallet });
    let paid = false;
    try {
      const provider = providerClientFor(apiUrl, wallet);
      const { image, hours, autoTopUpHours, method, ...vmBody } = request;
      const result = await rentVm({
        provider,
        wallet: payment.wallet,
        providerId,
        listedPrices,
        deployment: {
          chainId: chain.id,
          streamPayment: paidOn.streamPayment,
          token: paidOn.token,
        },
        vm: { ...vmBody, image: image || undefined },
        hours,
        autoTopUpHours,
        method,
        onStep: (name) => {
          if (name === "create" && payment.started()) {
            paid = true;
            payment.confirmed("the stream is open; creating the VM");
          }
          at(name, name === "stream" ? "confirm in your wallet" : undefined);
        },
        confirm: (offered) => {
          at("confirm");
          setQuote(offered);
          return new Promise<boolean>((resolve) => {
            answer.current = resolve;
          }).finally(() => setQuote(undefined));
        },
      });
      const record: RentedVm = {
        apiUrl,
        vmId: result.vm.id,
        name: result.vm.name,
        streamId: result.streamId.toString(),
        streamPayment: paidOn.streamPayment,
        owner: wallet.account.address,
        createdAt: new Date().toISOString(),
      };
      upsertItem(localStorage, storageKeys.rentedVms, record, sameVm);
      setVm(result.vm);
      const started = Date.now();
      at("boot", `${result.vm.status}`);
      const ready = await waitForVmRunning({
        provider,
        vmId: result.vm.id,
        intervalMs: 2_000,
        onPoll: (view) => {
          setVm(view);
          at("boot", `${view.status}, ${Math.round((Date.now() - started) / 1000)} s`);
        },
      });
      setVm(ready);
      setAccess(await provider.vmAccess(ready.id));
      at("ready");
    } catch (err) {
      if (payment.started() && !paid) payment.failed(err);
      if (current.step === "confirm" && isGolemError(err, "USER_REJECTED")) {
        setProgress({ step: current.step, failed: true, note: "cancelled; nothing was paid" });
        return;
      }
      setError(err);
      setProgress({ step: current.step, failed: true });
    } finally {
      setRunning(false);
    }
  };
  const answerQuote = (ok: boolean) => {
    answer.current?.(ok);
    answer.current = undefined;
  };
  return { progress, quote, error, vm, access, running, start, answerQuote };
}
