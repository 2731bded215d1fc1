"use client";

import type { AdvertFilters } from "@vm-on-golem/sdk/discovery";
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
};

export const emptyFilters: FilterText = {
  cpu: "",
  memoryGiB: "",
  storageGiB: "",
  country: "",
  platform: "",
  maxPricePerHour: "",
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

const fields: { key: keyof FilterText; label: string; placeholder: string }[] = [
  { key: "cpu", label: "CPU (cores)", placeholder: "any" },
  { key: "memoryGiB", label: "Memory (GiB)", placeholder: "any" },
  { key: "storageGiB", label: "Disk (GiB)", placeholder: "any" },
  { key: "country", label: "Country", placeholder: "e.g. SE" },
  { key: "platform", label: "Platform", placeholder: "e.g. x86_64" },
  { key: "maxPricePerHour", label: "Max price / h", placeholder: "tokens" },
];

/** Filter inputs: size, country, platform, max price per hour (of the size, else per core). */
export function ProviderFilters({
  value,
  onChange,
  symbol,
}: {
  value: FilterText;
  onChange: (next: FilterText) => void;
  symbol: string;
}) {
  return (
    <fieldset
      className="grid min-w-0 grid-cols-2 gap-3 rounded-xl border border-border bg-card p-4 sm:grid-cols-3 lg:grid-cols-6"
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
    </fieldset>
  );
}
