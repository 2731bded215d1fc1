/**
 * What this project may ship, by licence: the rule `./dev licences` applies to every package in
 * the published packages' production trees and in the dapp's client bundle.
 *
 * @example classifyLicence("MIT OR GPL-3.0-only"); // { kind: "permissive", licence: "MIT OR GPL-3.0-only" }
 */
import spdxCorrect from "spdx-correct";
import spdxSatisfies from "spdx-satisfies";

/** Licences that ask only that their text and copyright notice travel with the code. */
export const permissiveLicences = [
  "0BSD",
  "Apache-2.0",
  "BlueOak-1.0.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "CC0-1.0",
  "ISC",
  "MIT",
  "MIT-0",
  "Python-2.0",
  "Unlicense",
  // No conditions at all, like the Unlicense and 0BSD (FSF: a free, GPL-compatible licence).
  "WTFPL",
  "Zlib",
] as const;

/**
 * Licences that allow shipping as part of this project but ask for more than a notice in the
 * code: attribution to the author (CC-BY), the source of the files kept available (MPL, LGPL).
 * Packages under them are listed in NOTICE.
 */
export const attributionLicences = [
  "CC-BY-3.0",
  "CC-BY-4.0",
  "LGPL-2.1-only",
  "LGPL-2.1-or-later",
  "LGPL-3.0-only",
  "LGPL-3.0-or-later",
  "MPL-2.0",
] as const;

/** How a package's licence lets this project ship it. */
export type LicenceVerdict = {
  /**
   * `permissive`: ship it; `attribution`: ship it and list it in NOTICE; `forbidden`: copyleft
   * beyond a library (GPL, AGPL, SSPL, …) or proprietary; `unknown`: no licence that can be read.
   */
  kind: "permissive" | "attribution" | "forbidden" | "unknown";
  /** The SPDX expression the verdict was made on (corrected when the package's was misspelled). */
  licence: string;
  /** Why, for a verdict that is not `permissive`. */
  reason?: string;
};

function satisfies(expression: string, allowed: readonly string[]): boolean {
  return spdxSatisfies(expression, allowed);
}

/** The verdict on one package's `license` field (undefined when it has none). */
export function classifyLicence(declared: string | undefined): LicenceVerdict {
  const raw = declared?.trim();
  if (!raw)
    return { kind: "unknown", licence: "(none)", reason: "the package declares no licence" };
  // npm's word for "not licensed to anyone" (spdx-correct would turn it into Unlicense).
  if (raw === "UNLICENSED") {
    return { kind: "forbidden", licence: raw, reason: "proprietary (UNLICENSED)" };
  }
  if (/^SEE LICEN[CS]E IN /i.test(raw)) {
    return { kind: "unknown", licence: raw, reason: "a custom licence file, not an SPDX licence" };
  }
  let licence = raw;
  try {
    satisfies(licence, permissiveLicences);
  } catch {
    const corrected = spdxCorrect(raw);
    if (!corrected) {
      return { kind: "unknown", licence: raw, reason: "not an SPDX licence expression" };
    }
    licence = corrected;
  }
  if (satisfies(licence, permissiveLicences)) return { kind: "permissive", licence };
  if (satisfies(licence, [...permissiveLicences, ...attributionLicences])) {
    return { kind: "attribution", licence, reason: "weak copyleft or attribution: see NOTICE" };
  }
  return {
    kind: "forbidden",
    licence,
    reason: /\bA?GPL|SSPL|EUPL|OSL/i.test(licence)
      ? "strong copyleft: it would put the whole program under its terms"
      : "not a licence this project may ship",
  };
}

/**
 * True when `licence` can be met only through Apache-2.0 among the permissive licences, so a
 * NOTICE file the package ships must be passed on (Apache-2.0 section 4(d)).
 */
export function needsApacheNotice(licence: string): boolean {
  const others = permissiveLicences.filter((id) => id !== "Apache-2.0");
  return satisfies(licence, ["Apache-2.0"]) && !satisfies(licence, others);
}
