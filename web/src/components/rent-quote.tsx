"use client";

import { formatRate } from "@vm-on-golem/sdk/money/format-rate";
import { formatTokenAmount } from "@vm-on-golem/sdk/money/format-token-amount";
import type { RentQuote } from "@vm-on-golem/sdk/rent/rent-vm";
import { formatDuration, shortAddress } from "../lib/format.ts";
import { useApp } from "./providers.tsx";

/** The signed offer's price and deposit, with Pay / Cancel; nothing is paid before Pay. */
export function RentQuoteView({
  quote,
  onAnswer,
}: {
  quote: RentQuote;
  onAnswer: (ok: boolean) => void;
}) {
  const { deployment } = useApp();
  const { GLM } = deployment.contracts;
  const { offer } = quote.offer;
  const price = formatRate(quote.ratePerSecond, GLM);
  const expires = new Date(offer.expiresAt * 1000).toLocaleTimeString();
  return (
    <div className="quote" data-testid="quote">
      <h2>Offer</h2>
      <dl>
        <dt>Provider</dt>
        <dd title={offer.provider}>{shortAddress(offer.provider)}</dd>
        <dt>Size</dt>
        <dd>
          {offer.resources.cpu} CPU, {offer.resources.memoryGiB} GiB memory,{" "}
          {offer.resources.storageGiB} GiB disk
        </dd>
        <dt>Price</dt>
        <dd data-testid="quote-price">
          {price.perHour} ({price.perMonth})
        </dd>
        <dt>Deposit</dt>
        <dd data-testid="quote-deposit">
          {formatTokenAmount(quote.deposit, GLM)} for {formatDuration(quote.seconds)} of runway
          (unused funds come back when you stop the stream)
        </dd>
        <dt>Offer valid until</dt>
        <dd>{expires}</dd>
      </dl>
      <button type="button" onClick={() => onAnswer(true)}>
        Pay and create VM
      </button>{" "}
      <button type="button" className="secondary" onClick={() => onAnswer(false)}>
        Cancel
      </button>
    </div>
  );
}
