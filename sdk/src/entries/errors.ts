/**
 * `@vm-on-golem/sdk/errors`: the one error type, its stable codes, and the helpers that turn
 * anything (a contract revert, an HTTP framework error, an API envelope) into it.
 *
 * @example
 * import { GolemError, formatGolemError } from "@vm-on-golem/sdk/errors";
 */

export {
  answerHttpClientError,
  type HttpClientErrorSocket,
} from "../errors/answer-http-client-error.ts";
export {
  type ContractErrorArgs,
  type ContractErrorEntry,
  type ContractErrorName,
  contractErrors,
  contractErrorsAbi,
} from "../errors/contract-errors.ts";
export {
  type ErrorCodeInfo,
  errorCodes,
  type GolemErrorCode,
  isGolemErrorCode,
} from "../errors/error-codes.ts";
export { type FormatGolemErrorOptions, formatGolemError } from "../errors/format-golem-error.ts";
export {
  GolemError,
  type GolemErrorDetails,
  type GolemErrorEnvelope,
  type GolemErrorOptions,
  isGolemError,
  type JsonValue,
} from "../errors/golem-error.ts";
export { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
export { golemRejection } from "../errors/golem-rejection.ts";
export {
  type HttpClientError,
  httpClientErrorResponse,
} from "../errors/http-client-error-response.ts";
export { frameworkClientError } from "../errors/http-framework-client-error.ts";
