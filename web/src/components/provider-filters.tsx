"use client";

import type { AdvertFilters } from "@vm-on-golem/sdk/discovery";
import type { PayWith } from "../lib/payments.ts";
import { parseTokenInput } from "../lib/price.ts";
import { Field } from "./ui/field.tsx";
import { Input } from "./ui/input.tsx";

/** The filter form's text fields, as typed. */
export type FilterText = {
  cpu: string;
  memoryGiB: string;
  storageGiB: string;
  country: string;
  platform: string;
  maxPricePerHour: string;
  /** What the provider is paid in: the chain's native coin, a GLM-interface token, either. */
  pay: PayWith;
};

export const emptyFilters: FilterText = {
  cpu: "",
  memoryGiB: "",
  storageGiB: "",
  country: "",
  platform: "",
  maxPricePerHour: "",
  pay: "any",
};

const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);

/**
 * The typed filters as the sdk's {@link AdvertFilters} (empty or invalid fields are unset).
 *
 * @example
 * toAdvertFilters({ ...emptyFilters, cpu: "2", maxPricePerHour: "0.05" }, 31337, 18);
 */
export function toAdvertFilters(
  text: FilterText,
  chainId: number,
  decimals: number,
): AdvertFilters {
  return {
    cpu: whole(text.cpu),
    memoryGiB: whole(text.memoryGiB),
    storageGiB: whole(text.storageGiB),
    country: text.country.trim() ? text.country.trim().toUpperCase() : undefined,
    platform: text.platform.trim() ? text.platform.trim().toLowerCase() : undefined,
    maxPrice: parseTokenInput(text.maxPricePerHour, decimals),
    chainId,
  };
}

const fields: { key: Exclude<keyof FilterText, "pay">; label: string; placeholder: string }[] = [
  { key: "cpu", label: "CPU (cores)", placeholder: "any" },
  { key: "memoryGiB", label: "Memory (GiB)", placeholder: "any" },
  { key: "storageGiB", label: "Disk (GiB)", placeholder: "any" },
  { key: "country", label: "Country", placeholder: "e.g. SE" },
  { key: "platform", label: "Platform", placeholder: "e.g. x86_64" },
  { key: "maxPricePerHour", label: "Max price / h", placeholder: "tokens" },
];

/**
 * Filter inputs: size, country, platform, max price per hour (of the size, else per core, in the
 * coin the filter pays with: each provider's own with "any"), and what to pay with.
 */
export function ProviderFilters({
  value,
  onChange,
  glmSymbol,
}: {
  value: FilterText;
  onChange: (next: FilterText) => void;
  /** The deployment's token symbol, named for the GLM choice. */
  glmSymbol: string;
}) {
  const symbol = value.pay === "eth" ? "ETH" : value.pay === "glm" ? glmSymbol : "provider's coin";
  return (
    <fieldset
      className="grid min-w-0 grid-cols-2 gap-3 rounded-xl border border-border bg-card p-4 sm:grid-cols-4 lg:grid-cols-7"
      data-testid="provider-filters"
    >
      <legend className="px-1 text-sm font-semibold">Filters</legend>
      {fields.map((field) => (
        <Field key={field.key}>
          {field.key === "maxPricePerHour" ? `Max price (${symbol}/h)` : field.label}
          <Input
            name={field.key}
            value={value[field.key]}
            placeholder={field.placeholder}
            onChange={(event) => onChange({ ...value, [field.key]: event.target.value })}
          />
        </Field>
      ))}
      <Field>
        Pay with
        <select
          name="pay"
          className="h-9 w-full min-w-0 rounded-md border border-input bg-background px-2 text-sm shadow-xs"
          value={value.pay}
          onChange={(event) => onChange({ ...value, pay: event.target.value as PayWith })}
        >
          <option value="any">ETH or GLM</option>
          <option value="eth">ETH (native stream)</option>
          <option value="glm">GLM (token stream)</option>
        </select>
      </Field>
    </fieldset>
  );
}
