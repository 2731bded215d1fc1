/**
 * Runway under which `golem vm create` warns when the new stream has no top-up budget: a day,
 * so a VM rented in the evening does not stop overnight while its owner is away (seconds).
 */
export const shortRunwaySeconds = 24 * 3600;

/**
 * The warning `golem vm create` prints on stderr after renting when the new stream's deposit
 * lasts less than {@link shortRunwaySeconds} and no top-up budget is set, with hints naming
 * `--auto-topup-hours` (next time) and `vm stream budget` (this VM); undefined when there is
 * nothing to warn about.
 *
 * @example shortRunwayWarning({ name: "web-1", hours: 2, autoTopUpHours: 0 })
 */
export function shortRunwayWarning(plan: {
  name: string;
  /** Hours the deposit pays; undefined on an existing stream (`--stream-id`). */
  hours: number | undefined;
  autoTopUpHours: number;
  /** `--pay`: a native-ETH stream has no budget, so its hints name a top-up instead. */
  pay?: "eth" | "glm" | undefined;
}): string | undefined {
  if (plan.hours === undefined || plan.autoTopUpHours > 0) return undefined;
  if (plan.hours * 3600 >= shortRunwaySeconds) return undefined;
  const day = shortRunwaySeconds / 3600;
  if (plan.pay === "eth") {
    return [
      `warning: "${plan.name}" is paid for ${plan.hours} h in ETH: the provider stops it when the deposit runs out and destroys it an hour later, unless you top up in time`,
      `  hint: top it up with \`golem vm stream topup ${plan.name} --hours ${day}\` (a native-ETH stream has no top-up budget; --pay glm streams can have one)`,
    ].join("\n");
  }
  return [
    `warning: "${plan.name}" is paid for ${plan.hours} h and its stream has no top-up budget: the provider stops it when the deposit runs out and destroys it an hour later, unless you top up in time`,
    `  hint: give it a budget now with \`golem vm stream budget ${plan.name} --hours ${shortRunwaySeconds / 3600}\` (the provider pulls from your wallet only when the runway runs low)`,
    `  hint: next time add --auto-topup-hours ${shortRunwaySeconds / 3600} to vm create, or rent for --hours ${shortRunwaySeconds / 3600} or more`,
  ].join("\n");
}
