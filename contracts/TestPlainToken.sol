// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {TestTokenFaucet} from "./TestTokenFaucet.sol";

/// @title TestPlainToken
/// @notice A test ERC-20 with no permit at all (approve only), like GLM on Polygon PoS, plus the test faucet: the
/// token that keeps the approve + create path (two transactions) tested.
contract TestPlainToken is TestTokenFaucet {
    constructor() ERC20("Test Plain Token", "tPLAIN") {}
}
