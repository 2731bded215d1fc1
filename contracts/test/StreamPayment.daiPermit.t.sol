// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "forge-std/Test.sol";
import {StreamPayment} from "../StreamPayment.sol";
import {TestGolemNetworkToken} from "../TestGolemNetworkToken.sol";
import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";

// Branches (StreamPayment over TestGolemNetworkToken, mainnet GLM's DAI-style permit)
// createStreamWithDaiPermit
// ├── permit valid → unlimited allowance, nonce + 1, stream created in one call, deposit pulled
// ├── permit valid, expiry 0 (never expires) → stream created
// ├── permit expired and no allowance → StreamPayment_PermitFailed(sender, deposit)
// ├── wrong nonce (skipped or already used) and no allowance → StreamPayment_PermitFailed
// ├── permit front-run (submitted by someone else first) → the allowance it left is used, stream created
// ├── revoked: the holder revoked the allowance (allowed = false) after an earlier grant; the old permit is used
// │   → StreamPayment_PermitFailed
// ├── a revoking signature (allowed = false) cannot open a stream → StreamPayment_PermitFailed
// ├── permit signed by someone else, allowance already ≥ deposit → stream created (the allowance is what counts)
// ├── permit fine but the stream invalid → the stream's error (and the permit is rolled back)
// └── with a budget → TopUpBudgetSet; the unlimited allowance covers a later topUpFromBudget
contract StreamPaymentDaiPermitTest is Test {
    uint256 internal constant DEPOSIT = 1000 ether;
    uint256 internal constant RATE = 1 ether;
    bytes32 internal constant SERVICE_ID = keccak256("offer");

    TestGolemNetworkToken internal glm;
    StreamPayment internal sp;
    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal eve = makeAddr("eve");

    function setUp() public {
        vm.warp(1_700_000_000);
        (alice, aliceKey) = makeAddrAndKey("alice");
        glm = new TestGolemNetworkToken();
        sp = new StreamPayment(address(glm));
        deal(address(glm), alice, 1_000_000 ether, true);
    }

    function _sign(uint256 key, uint256 nonce, uint256 expiry, bool allowed)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash =
            keccak256(abi.encode(glm.PERMIT_TYPEHASH(), vm.addr(key), address(sp), nonce, expiry, allowed));
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", glm.DOMAIN_SEPARATOR(), structHash)));
    }

    function _create(uint256 nonce, uint256 expiry, uint8 v, bytes32 r, bytes32 s) internal returns (uint256) {
        vm.prank(alice);
        return sp.createStreamWithDaiPermit(bob, DEPOSIT, RATE, SERVICE_ID, 0, nonce, expiry, v, r, s);
    }

    function _expectPermitFailed() internal {
        vm.expectRevert(abi.encodeWithSelector(IStreamPayment.StreamPayment_PermitFailed.selector, alice, DEPOSIT));
    }

    function test_Valid() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, expiry, true);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamCreated(1, alice, bob, SERVICE_ID, DEPOSIT, RATE);
        uint256 streamId = _create(0, expiry, v, r, s);

        assertEq(streamId, 1);
        assertEq(glm.nonces(alice), 1);
        assertEq(glm.allowance(alice, address(sp)), type(uint256).max, "DAI-style permits grant unlimited");
        assertEq(glm.balanceOf(address(sp)), DEPOSIT);
        assertEq(sp.getStream(streamId).sender, alice);
        assertEq(sp.getStream(streamId).balance, DEPOSIT);
    }

    function test_Valid_ExpiryZero() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, 0, true);
        vm.warp(block.timestamp + 365 days);
        assertEq(_create(0, 0, v, r, s), 1);
    }

    function test_RevertWhen_Expired() public {
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, expiry, true);
        _expectPermitFailed();
        _create(0, expiry, v, r, s);
    }

    function test_RevertWhen_WrongNonce() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 1, 0, true); // alice's next nonce is 0
        _expectPermitFailed();
        _create(1, 0, v, r, s);
    }

    function test_FrontRunPermit_LeavesTheAllowance_CreateSucceeds() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, 0, true);
        // Eve copies the permit from the mempool and submits it first: the nonce is used, the allowance set.
        vm.prank(eve);
        glm.permit(alice, address(sp), 0, 0, true, v, r, s);
        assertEq(glm.nonces(alice), 1);

        uint256 streamId = _create(0, 0, v, r, s); // the permit now fails (nonce used) but the allowance suffices
        assertEq(sp.getStream(streamId).balance, DEPOSIT);
        assertEq(glm.balanceOf(address(sp)), DEPOSIT);
    }

    function test_RevertWhen_Revoked() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, 0, true);
        _create(0, 0, v, r, s);
        // Alice revokes the unlimited allowance with her next permit.
        (uint8 rv, bytes32 rr, bytes32 rs) = _sign(aliceKey, 1, 0, false);
        glm.permit(alice, address(sp), 1, 0, false, rv, rr, rs);
        assertEq(glm.allowance(alice, address(sp)), 0);

        _expectPermitFailed(); // replaying the old grant fails (nonce used) and nothing is left to pull
        _create(0, 0, v, r, s);
    }

    function test_RevertWhen_SignatureRevokes() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, 0, false); // the contract always submits allowed = true
        _expectPermitFailed();
        _create(0, 0, v, r, s);
        assertEq(glm.nonces(alice), 0);
    }

    function test_BadSignature_AllowanceCovers() public {
        vm.prank(alice);
        glm.approve(address(sp), DEPOSIT);
        (, uint256 eveKey) = makeAddrAndKey("eve");
        (uint8 v, bytes32 r, bytes32 s) = _sign(eveKey, 0, 0, true);
        uint256 streamId = _create(0, 0, v, r, s);
        assertEq(sp.getStream(streamId).balance, DEPOSIT);
        assertEq(glm.allowance(alice, address(sp)), 0);
    }

    function test_RevertWhen_StreamInvalid_PermitRolledBack() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, 0, true);
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_RateZero.selector);
        sp.createStreamWithDaiPermit(bob, DEPOSIT, 0, SERVICE_ID, 0, 0, 0, v, r, s);
        assertEq(glm.nonces(alice), 0);
        assertEq(glm.allowance(alice, address(sp)), 0);
    }

    function test_WithBudget_TopUpFromBudgetUsesTheAllowance() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(aliceKey, 0, 0, true);
        vm.expectEmit(address(sp));
        emit IStreamPayment.TopUpBudgetSet(1, 500 ether);
        vm.prank(alice);
        uint256 streamId = sp.createStreamWithDaiPermit(bob, DEPOSIT, RATE, SERVICE_ID, 500 ether, 0, 0, v, r, s);
        assertEq(sp.getStream(streamId).topUpBudget, 500 ether);

        vm.prank(eve);
        sp.topUpFromBudget(streamId, 200 ether);
        assertEq(sp.getStream(streamId).topUpBudget, 300 ether);
        assertEq(glm.balanceOf(address(sp)), DEPOSIT + 200 ether);
    }
}
