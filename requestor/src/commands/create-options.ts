import { type PayKind, payKinds } from "@vm-on-golem/sdk/deployments";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { type StreamId, toStreamId } from "@vm-on-golem/sdk/stream";
import { type Address, getAddress, isAddress } from "viem";
import type { GlobalOptions } from "../cli/cli-context.ts";
import { hoursToSeconds } from "../format/format-amounts.ts";
import { parsePublishFlags } from "./publish-ports.ts";

/** Flags of `golem vm create` as commander hands them over (strings). */
export type VmCreateOptions = GlobalOptions & {
  providerId?: string | undefined;
  providerUrl?: string | undefined;
  cpu?: string | undefined;
  memory?: string | undefined;
  storage?: string | undefined;
  image?: string | undefined;
  cloudInit?: string | undefined;
  /** The cloud-config itself instead of a file (the local API: no paths over HTTP). */
  cloudInitText?: string | undefined;
  hours?: string | undefined;
  /** `--auto-topup-hours H`: a top-up budget of H hours at the offer's rate on the new stream. */
  autoTopupHours?: string | undefined;
  streamId?: string | undefined;
  maxPrice?: string | undefined;
  /** `--pay eth|glm`: what the stream is paid in (default glm). */
  pay?: string | undefined;
  /** `--ssh-key PATH`: an existing OpenSSH public key file to install instead of the home's key. */
  sshKey?: string | undefined;
  /** `--publish PORT`, repeatable: guest ports to publish besides SSH. */
  publish?: string[] | undefined;
  /** `--force`: rent even when the create-time probe of the provider's API finds no answer. */
  force?: boolean | undefined;
  yes?: boolean | undefined;
};

/** `golem vm create` flags, checked: nothing is asked of the network before this passes. */
export type VmCreatePlan = {
  name: string;
  providerId: Address;
  providerUrl: string | undefined;
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  image: string | undefined;
  cloudInitPath: string | undefined;
  cloudInitText: string | undefined;
  /** Hours of runway to fund (`--hours`, default 2), or undefined with `--stream-id`. */
  hours: number | undefined;
  /** Hours of runway the new stream's top-up budget pays for (`--auto-topup-hours`); 0: none. */
  autoTopUpHours: number;
  streamId: StreamId | undefined;
  /** `--max-price` as typed (GLM per hour); parsed with the token's decimals by the caller. */
  maxPrice: string | undefined;
  /** `--pay`: the deployment's GLM StreamPayment or its StreamPaymentNative (ETH). */
  pay: PayKind;
  /** `--ssh-key`: the public key file to read (checked before anything else happens). */
  sshKeyFile: string | undefined;
  /** `--publish`: guest ports to publish besides SSH, checked and sorted. */
  ports: number[];
  /** `--force`: skip the create-time probe of the provider's API. */
  force: boolean;
  yes: boolean;
};

const invalid = (field: string, message: string, hint: string, value?: string) =>
  new GolemError("VALIDATION_FAILED", message, {
    hints: [hint],
    details: value === undefined ? { field } : { field, value },
  });

/** The provider's rule for VM names: a DNS label. */
const namePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function positiveWhole(text: string | undefined, field: string, example: string): number {
  if (text === undefined) {
    throw invalid(field, `${field} is required`, `pass the size, e.g. ${field} ${example}`);
  }
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw invalid(
      field,
      `${field} must be a whole number of at least 1, not "${text}"`,
      `e.g. ${field} ${example}`,
      text,
    );
  }
  return Number(text);
}

/**
 * Checks the flags of `golem vm create`. Fails with `VALIDATION_FAILED` naming the flag.
 *
 * @example
 * parseCreateOptions("web-1", { providerId: "0xabc…", cpu: "2", memory: "4", storage: "20" });
 */
export function parseCreateOptions(name: string, opts: VmCreateOptions): VmCreatePlan {
  if (!namePattern.test(name)) {
    throw invalid(
      "name",
      `"${name}" is not a valid VM name`,
      "use lowercase letters, digits and hyphens (a DNS label, at most 63 characters), e.g. web-1",
      name,
    );
  }
  if (opts.providerId === undefined) {
    throw invalid(
      "--provider-id",
      "--provider-id is required",
      "pick a provider with `golem vm providers` and pass its id",
    );
  }
  if (!isAddress(opts.providerId, { strict: false })) {
    throw invalid(
      "--provider-id",
      `${opts.providerId} is not a provider id (an address)`,
      "pass the provider's payment address as `golem vm providers` shows it",
      opts.providerId,
    );
  }
  if (opts.providerUrl !== undefined && !URL.canParse(opts.providerUrl)) {
    throw invalid(
      "--provider-url",
      `${opts.providerUrl} is not a URL`,
      "e.g. --provider-url http://127.0.0.1:7466",
      opts.providerUrl,
    );
  }
  if (opts.hours !== undefined && opts.streamId !== undefined) {
    throw invalid(
      "--stream-id",
      "pass either --hours (open a new stream) or --stream-id (use an existing one), not both",
      "drop one of them",
    );
  }
  if (opts.autoTopupHours !== undefined && opts.streamId !== undefined) {
    throw invalid(
      "--auto-topup-hours",
      "--auto-topup-hours sets the budget of a new stream; with --stream-id the stream exists",
      "set an existing stream's budget with `golem vm stream budget <vm> --hours H`",
    );
  }
  if (opts.autoTopupHours !== undefined) hoursToSeconds(opts.autoTopupHours, "--auto-topup-hours");
  // Checked here; the rent flow turns the decimal hours into seconds exactly (sdk secondsOfHours).
  if (opts.streamId === undefined) hoursToSeconds(opts.hours ?? "2", "--hours");
  const hours = opts.streamId !== undefined ? undefined : Number(opts.hours ?? "2");
  return {
    name,
    providerId: getAddress(opts.providerId),
    providerUrl: opts.providerUrl,
    cpu: positiveWhole(opts.cpu, "--cpu", "2"),
    memoryGiB: positiveWhole(opts.memory, "--memory", "4"),
    storageGiB: positiveWhole(opts.storage, "--storage", "20"),
    image: opts.image,
    cloudInitPath: opts.cloudInit,
    cloudInitText: opts.cloudInitText,
    hours,
    autoTopUpHours: Number(opts.autoTopupHours ?? "0"),
    streamId: opts.streamId === undefined ? undefined : toStreamId(opts.streamId),
    maxPrice: opts.maxPrice,
    pay: parsePay(opts.pay),
    sshKeyFile: opts.sshKey,
    ports: parsePublishFlags(opts.publish),
    force: opts.force === true,
    yes: opts.yes === true,
  };
}

/**
 * `--pay`: `glm` (default) or `eth`, any case; anything else is `VALIDATION_FAILED`.
 *
 * @example parsePay("ETH"); // "eth"
 */
export function parsePay(text: string | undefined): PayKind {
  const pay = (text ?? "glm").toLowerCase();
  if ((payKinds as readonly string[]).includes(pay)) return pay as PayKind;
  throw invalid("--pay", `--pay ${text} is not eth or glm`, "pass --pay eth or --pay glm", text);
}
