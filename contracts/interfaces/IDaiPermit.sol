// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IDaiPermit
/// @notice The DAI-style permit of mainnet GLM (and DAI): a signature by `holder` sets the allowance of `spender`
/// to unlimited (`allowed`) or to 0. Typehash
/// `Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)`; `expiry` 0 never expires.
interface IDaiPermit {
    function permit(
        address holder,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;
}
