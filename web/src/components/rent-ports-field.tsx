"use client";

import { checkPublishedPorts } from "@vm-on-golem/sdk/advert";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { Field } from "./ui/field.tsx";
import { Input } from "./ui/input.tsx";

/** What {@link portsFromText} read: the guest ports to publish, or why they cannot be. */
export type PortsFromTextReturnType = { ports: number[] } | { error: GolemError };

/**
 * The guest ports typed in the rent form ("80, 443", commas or spaces), checked as the provider
 * and the CLI check them (sdk `checkPublishedPorts`: whole ports, not 22, no duplicates, at most
 * `limit`, the provider's signed advert's `maxPublishedPorts`); empty text is none.
 *
 * @example portsFromText("443 80", 4); // { ports: [80, 443] }
 */
export function portsFromText(text: string, limit: number): PortsFromTextReturnType {
  const words = text.split(/[\s,]+/).filter((word) => word !== "");
  const bad = words.find((word) => !/^\d{1,5}$/.test(word));
  if (bad !== undefined) {
    return {
      error: new GolemError("VALIDATION_FAILED", `"${bad}" is not a port number`, {
        hints: ["type guest ports separated by commas, e.g. 80, 443"],
        details: { field: "ports", value: bad },
      }),
    };
  }
  try {
    return { ports: checkPublishedPorts(words.map(Number), limit) };
  } catch (error) {
    if (error instanceof GolemError) return { error };
    throw error;
  }
}

/**
 * The rent form's published ports: guest ports besides SSH the provider gives public ports
 * to (`ports` of the create), with its limit and what is wrong with the text, if anything.
 */
export function RentPortsField({
  value,
  onChange,
  limit,
}: {
  value: string;
  onChange: (text: string) => void;
  /** The signed advert's `maxPublishedPorts`; undefined while it loads or without an advert. */
  limit: number | undefined;
}) {
  const read = portsFromText(value, limit ?? 0);
  return (
    <Field className="col-span-full">
      Published ports
      <Input
        name="ports"
        inputMode="numeric"
        placeholder="none, e.g. 80, 443"
        disabled={!limit}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="font-normal text-muted-foreground" data-testid="ports-note">
        {limit
          ? `Guest ports reachable from the internet besides SSH (22), each on a public port of the provider; at most ${limit}.`
          : "This provider publishes no ports besides SSH (its signed advert allows none)."}
      </span>
      {"error" in read ? (
        <span className="font-normal text-destructive" role="alert" data-testid="ports-error">
          {read.error.message}
        </span>
      ) : null}
    </Field>
  );
}
