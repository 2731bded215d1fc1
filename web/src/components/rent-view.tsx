"use client";

import { useQuery } from "@tanstack/react-query";
import { paymentDeployment } from "@vm-on-golem/sdk/deployments";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { formatRate } from "@vm-on-golem/sdk/money";
import { findProviderAdvert } from "@vm-on-golem/sdk/rent";
import { ratePerSecond } from "@vm-on-golem/sdk/stream";
import Link from "next/link";
import { type FormEvent, useEffect, useState } from "react";
import { type Address, isAddress, isAddressEqual } from "viem";
import { useAccount, useWalletClient } from "wagmi";
import { acceptedPayments, paymentAt } from "../lib/payments.ts";
import { publicProviderClient } from "../lib/provider-clients.ts";
import { infoPayments } from "../lib/provider-rows.ts";
import { ErrorDisplay } from "./error-display.tsx";
import { useApp } from "./providers.tsx";
import { portsFromText, RentPortsField } from "./rent-ports-field.tsx";
import { RentProgress } from "./rent-progress.tsx";
import { RentQuoteView } from "./rent-quote.tsx";
import { SshAccess } from "./ssh-access.tsx";
import { SshKeyField } from "./ssh-key-field.tsx";
import { Button } from "./ui/button.tsx";
import { Field } from "./ui/field.tsx";
import { Input } from "./ui/input.tsx";
import { Skeleton } from "./ui/skeleton.tsx";
import { useRentFlow } from "./use-rent-flow.ts";
import { VmStatusBadge } from "./vm-status-badge.tsx";

const sizeFields = [
  ["cpu", "CPU (cores)"],
  ["memoryGiB", "Memory (GiB)"],
  ["storageGiB", "Disk (GiB)"],
  ["hours", "Hours to pay for"],
] as const;

/**
 * Rent a VM from one provider: size, image, hours, SSH key; then the rent flow and SSH command.
 * The offer is held to the provider's signed advert (`advertProviderId`: the signer of the row
 * the user chose; else the id the provider reports), or to its listed prices without one.
 */
export function RentView({
  apiUrl,
  advertProviderId,
}: {
  apiUrl: string;
  advertProviderId?: Address | undefined;
}) {
  const { chain, deployment } = useApp();
  const { isConnected, chainId } = useAccount();
  const { data: wallet } = useWalletClient({ chainId: chain.id });
  const info = useQuery({
    queryKey: ["provider-info", "rent", apiUrl],
    queryFn: () => publicProviderClient(apiUrl, 10_000).providerInfo(),
    retry: false,
  });
  const reportedId =
    info.data?.providerId && isAddress(info.data.providerId) ? info.data.providerId : undefined;
  const providerId = advertProviderId ?? reportedId;
  const mismatch =
    advertProviderId !== undefined &&
    reportedId !== undefined &&
    !isAddressEqual(advertProviderId, reportedId)
      ? new GolemError(
          "PROVIDER_MISMATCH",
          `${apiUrl} is provider ${reportedId}, not ${advertProviderId} whose advert you chose`,
        )
      : undefined;
  const advert = useQuery({
    queryKey: ["provider-advert", apiUrl, providerId, chain.id],
    enabled: providerId !== undefined,
    queryFn: async () =>
      (await findProviderAdvert({
        url: apiUrl,
        // biome-ignore lint/style/noNonNullAssertion: enabled only with it
        provider: providerId!,
        // Any StreamPayment of the deployment: the advert says which one the provider is paid on.
        accept: acceptedPayments(deployment),
        timeoutMs: 8_000,
      })) ?? null,
    retry: false,
  });
  // The signed advert's prices when the provider serves one, else what its info lists.
  const listed = advert.data
    ? { prices: advert.data.prices, signed: true }
    : info.data
      ? { prices: infoPayments(info.data).prices, signed: false }
      : undefined;
  // What the stream is paid in: the StreamPayment the signed advert names, else the one the
  // provider's info names, else (nothing read yet) the deployment's default.
  const named = advert.data?.streamPayment ?? info.data?.payments?.streamPayment;
  const payment = paymentAt(deployment, named) ?? paymentDeployment(deployment, "glm");
  const foreign =
    named && !paymentAt(deployment, named)
      ? new GolemError(
          "PAYMENT_NOT_DEPLOYED",
          `${apiUrl} is paid on StreamPayment ${named}, which is not in this network's deployment`,
          { hints: ["choose another provider, or open the dapp of the network it is paid on"] },
        )
      : undefined;
  const native = payment.native;
  const flow = useRentFlow(apiUrl, providerId, wallet, listed?.prices ?? undefined, payment);
  const [form, setForm] = useState({ cpu: "1", memoryGiB: "1", storageGiB: "10", hours: "2" });
  const [name, setName] = useState("");
  // Random only in the browser: the server's render must match the first client render.
  useEffect(() => setName((n) => n || `web-${Math.random().toString(36).slice(2, 7)}`), []);
  const [image, setImage] = useState("");
  const [sshPublicKey, setSshPublicKey] = useState("");
  const [generatedKey, setGeneratedKey] = useState<string>();
  const [approve, setApprove] = useState(false);
  const [budgetOn, setBudgetOn] = useState(false);
  const [budgetHours, setBudgetHours] = useState("24");
  const [portsText, setPortsText] = useState("");
  const portsLimit = advert.data?.maxPublishedPorts;
  const ports = portsFromText(portsText, portsLimit ?? 0);

  const size = {
    cpu: Number(form.cpu),
    memoryGiB: Number(form.memoryGiB),
    storageGiB: Number(form.storageGiB),
  };
  const valid =
    Object.values(size).every((n) => Number.isSafeInteger(n) && n > 0) &&
    Number(form.hours) > 0 &&
    (native || !budgetOn || Number(budgetHours) > 0) &&
    "ports" in ports;
  const prices = listed?.prices;
  const estimate = prices && valid ? formatRate(ratePerSecond(prices, size), payment) : undefined;
  const canRent =
    !mismatch &&
    !foreign &&
    !advert.isLoading &&
    valid &&
    name.trim() !== "" &&
    !!wallet &&
    chainId === chain.id &&
    sshPublicKey.trim() !== "" &&
    !flow.running;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canRent) return;
    void flow.start({
      ...size,
      name,
      image,
      hours: Number(form.hours),
      // StreamPaymentNative has no budgets: nothing could pull ETH from the wallet later.
      autoTopUpHours: budgetOn && !native ? Number(budgetHours) : 0,
      sshPublicKey: sshPublicKey.trim(),
      method: approve && !native ? "approve" : "permit",
      ...("ports" in ports && ports.ports.length > 0 ? { ports: ports.ports } : {}),
    });
  };

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        Provider <code>{apiUrl}</code>{" "}
        {info.isPending ? <Skeleton className="mt-1 h-4 w-64" /> : null}
        {info.data ? (
          <span className="text-muted-foreground" data-testid="provider-summary">
            — {info.data.name}, driver {info.data.driver.name}
            {info.data.driver.accel ? ` (${info.data.driver.accel})` : ""}, free{" "}
            {info.data.resources.free.cpu} CPU / {info.data.resources.free.memoryGiB} GiB /{" "}
            {info.data.resources.free.storageGiB} GiB
            {info.data.paymentsEnabled ? "" : " — this provider takes no payments"}
          </span>
        ) : null}{" "}
        <span data-testid="rent-pays-with" data-pay={native ? "eth" : "glm"}>
          Paid in {payment.symbol}
          {native
            ? " (a native ETH stream: the deposit is the transaction's value)"
            : ` (token ${payment.token})`}
        </span>
      </p>
      {info.error ? <ErrorDisplay error={info.error} title="the provider does not answer" /> : null}
      {mismatch ? <ErrorDisplay error={mismatch} title="not the provider you chose" /> : null}
      {foreign ? <ErrorDisplay error={foreign} title="not paid on this network" /> : null}
      <form onSubmit={submit} className="flex flex-col gap-4" data-testid="rent-form">
        <fieldset className="grid min-w-0 grid-cols-2 gap-3 rounded-xl border border-border bg-card p-4 sm:grid-cols-3 lg:grid-cols-6">
          <legend className="px-1 text-sm font-semibold">VM</legend>
          <Field className="col-span-2 sm:col-span-1">
            Name
            <Input name="name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          {sizeFields.map(([key, label]) => (
            <Field key={key}>
              {label}
              <Input
                name={key}
                inputMode="numeric"
                value={form[key]}
                onChange={(e) => setForm({ ...form, [key]: e.target.value })}
              />
            </Field>
          ))}
          <Field>
            Image
            <Input
              name="image"
              value={image}
              placeholder="provider default"
              onChange={(e) => setImage(e.target.value)}
            />
          </Field>
          <RentPortsField value={portsText} onChange={setPortsText} limit={portsLimit} />
          <p className="col-span-full text-sm text-muted-foreground" data-testid="estimate">
            {estimate
              ? `${listed?.signed ? "Advert price (signed)" : "Listed price (provider info, unsigned)"}: ${estimate.perHour} (${estimate.perMonth}); an offer above it is refused.`
              : null}
          </p>
        </fieldset>
        <SshKeyField
          value={sshPublicKey}
          onChange={setSshPublicKey}
          onGenerated={setGeneratedKey}
        />
        {!isConnected ? (
          <p className="rounded-lg border border-warning/30 bg-warning/10 px-3 py-2 text-sm">
            Connect a wallet to rent: it signs in to the provider and pays the stream.
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-start gap-2">
            <input
              type="checkbox"
              className="mt-0.5"
              name="auto-topup"
              disabled={native}
              checked={budgetOn && !native}
              onChange={(e) => setBudgetOn(e.target.checked)}
            />
            Keep it running: let the provider top the stream up from my wallet, up to
          </label>
          <Input
            name="auto-topup-hours"
            aria-label="Top-up budget (hours)"
            inputMode="decimal"
            className="w-20"
            disabled={!budgetOn || native}
            value={budgetHours}
            onChange={(e) => setBudgetHours(e.target.value)}
          />
          <span>
            hours{estimate && budgetOn && Number(budgetHours) > 0 ? ` at ${estimate.perHour}` : ""},
            only when the runway runs low (unused budget never leaves your wallet)
            {native ? " — not for a native ETH stream, which has no budget: top it up instead" : ""}
          </span>
        </div>
        {native ? null : (
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={approve}
              onChange={(e) => setApprove(e.target.checked)}
            />
            My wallet cannot sign permits: approve, then create the stream (two transactions)
          </label>
        )}
        <Button type="submit" className="self-start" disabled={!canRent}>
          {flow.running ? "Renting…" : "Get offer"}
        </Button>
      </form>
      {flow.progress ? <RentProgress state={flow.progress} /> : null}
      {flow.quote ? (
        <RentQuoteView
          quote={flow.quote}
          coin={payment}
          listedSigned={listed?.signed === true}
          onAnswer={flow.answerQuote}
        />
      ) : null}
      {flow.error ? <ErrorDisplay error={flow.error} title="renting failed" /> : null}
      {flow.vm ? (
        <p
          className="flex flex-wrap items-center gap-2 text-sm"
          data-testid="rented-vm"
          data-vm-id={flow.vm.id}
          data-status={flow.vm.status}
        >
          VM <code>{flow.vm.name}</code> ({flow.vm.id}) is <VmStatusBadge status={flow.vm.status} />{" "}
          <Link href="/vms">My VMs</Link>
        </p>
      ) : null}
      {flow.access ? (
        <SshAccess access={flow.access} generatedKey={generatedKey !== undefined} vm={flow.vm} />
      ) : null}
    </div>
  );
}
