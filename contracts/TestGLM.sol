// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {TestTokenFaucet} from "./TestTokenFaucet.sol";

/// @title TestGLM
/// @notice "Test GLM" (tGLM, 18 decimals) for local and test chains: an ERC-20 with EIP-2612 permit (and EIP-5267
/// `eip712Domain`) and a rate-limited faucet. There is no owner and no other way to mint. Mainnet GLM's own permit
/// is DAI-style: see {TestGolemNetworkToken}.
contract TestGLM is ERC20, ERC20Permit, TestTokenFaucet {
    constructor() ERC20("Test GLM", "tGLM") ERC20Permit("Test GLM") {}
}
