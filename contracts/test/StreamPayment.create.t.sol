// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {StreamPayment} from "../StreamPayment.sol";
import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Base} from "./Base.t.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.t.sol";

// Branches
// constructor
// ├── token is the zero address → StreamPayment_TokenZeroAddress
// └── otherwise → token() is the token, nextStreamId() is 1
// createStream
// ├── re-entered (through the token) → StreamPayment_Reentrancy
// ├── recipient is the zero address → StreamPayment_RecipientZeroAddress
// ├── recipient is msg.sender → StreamPayment_RecipientIsSender
// ├── rate is zero → StreamPayment_RateZero
// ├── rate > uint64 max → StreamPayment_RateTooHigh
// ├── deposit is zero → StreamPayment_DepositZero
// ├── deposit > uint88 max → StreamPayment_AmountTooHigh
// ├── block time past uint32 (February 2106) → StreamPayment_TimeOutOfRange (and for withdraw); terminate still
// │   works and pays both sides, its close time saturated
// ├── allowance too low → the token's ERC20InsufficientAllowance
// ├── balance too low → the token's ERC20InsufficientBalance
// └── valid → stream stored settled now, ids 1, 2, …, StreamCreated, deposit pulled
//     └── deposit and rate at their bounds (uint88, uint64) → accepted
// createStreamWithPermit
// ├── permit valid → allowance set and spent, stream created
// ├── permit fails (already used by a front-runner) and allowance >= deposit → stream created
// ├── permit fails (expired) and allowance < deposit → StreamPayment_PermitFailed
// ├── permit fails (wrong signer) and allowance = 0 → StreamPayment_PermitFailed
// ├── token has no permit and allowance >= deposit → stream created
// ├── permit valid but the stream is invalid (recipient zero) → StreamPayment_RecipientZeroAddress
// └── re-entered (through the token) → StreamPayment_Reentrancy
contract StreamPaymentCreateTest is Base {
    function test_Constructor_RevertWhen_TokenIsZero() public {
        vm.expectRevert(IStreamPayment.StreamPayment_TokenZeroAddress.selector);
        new StreamPayment(address(0));
    }

    function test_Constructor() public view {
        assertEq(sp.token(), address(glm));
        assertEq(sp.nextStreamId(), 1);
    }

    function test_CreateStream_RevertWhen_RecipientIsZero() public {
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_RecipientZeroAddress.selector);
        sp.createStream(address(0), DEPOSIT, RATE, SERVICE_ID);
    }

    function test_CreateStream_RevertWhen_RecipientIsSender() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_RecipientIsSender.selector, alice));
        sp.createStream(alice, DEPOSIT, RATE, SERVICE_ID);
    }

    function test_CreateStream_RevertWhen_RateIsZero() public {
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_RateZero.selector);
        sp.createStream(bob, DEPOSIT, 0, SERVICE_ID);
    }

    function test_CreateStream_RevertWhen_RateTooHigh() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_RateTooHigh.selector, MAX_RATE + 1));
        sp.createStream(bob, DEPOSIT, MAX_RATE + 1, SERVICE_ID);
    }

    function test_CreateStream_RevertWhen_DepositIsZero() public {
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_DepositZero.selector);
        sp.createStream(bob, 0, RATE, SERVICE_ID);
    }

    function test_CreateStream_RevertWhen_DepositTooHigh() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_AmountTooHigh.selector, MAX_AMOUNT + 1));
        sp.createStream(bob, MAX_AMOUNT + 1, RATE, SERVICE_ID);
    }

    function test_CreateStream_RevertWhen_TimeOutOfRange() public {
        uint256 id = _create();
        uint256 late = uint256(type(uint32).max) + 1;
        vm.warp(late);
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_TimeOutOfRange.selector, late));
        sp.createStream(bob, DEPOSIT, RATE, SERVICE_ID);
        // Settling would store a wrapped time: withdraw refuses rather than pay from it.
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_TimeOutOfRange.selector, late));
        sp.withdraw(id);
        // Terminate still closes it (funds are never stuck): all accrued to bob, nothing left to refund.
        (uint256 paid, uint256 refunded) = sp.terminate(id);
        vm.stopPrank();
        assertEq(paid, DEPOSIT);
        assertEq(refunded, 0);
        assertEq(_stream(id).lastUpdate, type(uint32).max);
        assertTrue(_stream(id).closed);
    }

    function test_CreateStream_RevertWhen_AllowanceTooLow() public {
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(sp), DEPOSIT - 1, DEPOSIT)
        );
        sp.createStream(bob, DEPOSIT, RATE, SERVICE_ID);
        vm.stopPrank();
    }

    function test_CreateStream_RevertWhen_BalanceTooLow() public {
        address poor = makeAddr("poor");
        _fund(poor, DEPOSIT - 1);
        vm.startPrank(poor);
        glm.approve(address(sp), DEPOSIT);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, poor, DEPOSIT - 1, DEPOSIT)
        );
        sp.createStream(bob, DEPOSIT, RATE, SERVICE_ID);
        vm.stopPrank();
    }

    function test_CreateStream() public {
        uint256 aliceBefore = glm.balanceOf(alice);
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamCreated(1, alice, bob, SERVICE_ID, DEPOSIT, RATE);
        uint256 streamId = sp.createStream(bob, DEPOSIT, RATE, SERVICE_ID);
        vm.stopPrank();

        assertEq(streamId, 1);
        assertEq(sp.nextStreamId(), 2);
        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertEq(stream.sender, alice);
        assertEq(stream.recipient, bob);
        assertEq(stream.balance, DEPOSIT);
        assertEq(stream.accrued, 0);
        assertEq(stream.ratePerSecond, RATE);
        assertEq(stream.lastUpdate, START);
        assertFalse(stream.closed);
        assertEq(stream.serviceId, SERVICE_ID);
        assertEq(glm.balanceOf(address(sp)), DEPOSIT);
        assertEq(glm.balanceOf(alice), aliceBefore - DEPOSIT);
        assertEq(glm.allowance(alice, address(sp)), 0);
    }

    function test_CreateStream_IdsIncrease() public {
        assertEq(_create(), 1);
        assertEq(_create(), 2);
        assertEq(_create(), 3);
        assertEq(sp.nextStreamId(), 4);
    }

    function test_CreateStream_AtTheirBounds() public {
        _fund(alice, MAX_AMOUNT);
        uint256 streamId = _create(MAX_AMOUNT, MAX_RATE);
        assertEq(_stream(streamId).balance, MAX_AMOUNT);
        assertEq(_stream(streamId).ratePerSecond, MAX_RATE);
        assertEq(sp.depletionTimeOf(streamId), START + (MAX_AMOUNT + MAX_RATE - 1) / MAX_RATE);
    }

    function test_CreateStream_RevertWhen_Reentered() public {
        ReentrantToken token = new ReentrantToken();
        StreamPayment hostile = new StreamPayment(address(token));
        token.mint(alice, DEPOSIT);
        vm.prank(alice);
        token.approve(address(hostile), DEPOSIT);
        token.arm(address(hostile), abi.encodeCall(hostile.createStream, (bob, 1, 1, SERVICE_ID)));
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_Reentrancy.selector);
        hostile.createStream(bob, DEPOSIT, RATE, SERVICE_ID);
    }

    // ---- createStreamWithPermit ----

    function test_CreateStreamWithPermit() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(sp), DEPOSIT, deadline);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamCreated(1, alice, bob, SERVICE_ID, DEPOSIT, RATE);
        vm.prank(alice);
        uint256 streamId = sp.createStreamWithPermit(bob, DEPOSIT, RATE, SERVICE_ID, 0, deadline, v, r, s);

        assertEq(streamId, 1);
        assertEq(glm.nonces(alice), 1);
        assertEq(glm.allowance(alice, address(sp)), 0);
        assertEq(glm.balanceOf(address(sp)), DEPOSIT);
        assertEq(_stream(streamId).sender, alice);
    }

    function test_CreateStreamWithPermit_WhenPermitFrontRun() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(sp), DEPOSIT, deadline);
        // Eve copies the permit from the mempool and submits it first: the nonce is used, the allowance is set.
        vm.prank(eve);
        glm.permit(alice, address(sp), DEPOSIT, deadline, v, r, s);

        vm.prank(alice);
        uint256 streamId = sp.createStreamWithPermit(bob, DEPOSIT, RATE, SERVICE_ID, 0, deadline, v, r, s);
        assertEq(_stream(streamId).balance, DEPOSIT);
        assertEq(glm.allowance(alice, address(sp)), 0);
    }

    function test_CreateStreamWithPermit_RevertWhen_PermitExpiredAndNoAllowance() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(sp), DEPOSIT, deadline);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStreamPayment.StreamPayment_PermitFailed.selector, alice, DEPOSIT));
        sp.createStreamWithPermit(bob, DEPOSIT, RATE, SERVICE_ID, 0, deadline, v, r, s);
    }

    function test_CreateStreamWithPermit_RevertWhen_PermitBadAndAllowanceTooLow() public {
        uint256 deadline = block.timestamp + 1 hours;
        (, uint256 eveKey) = makeAddrAndKey("eve");
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(eveKey, address(sp), DEPOSIT, deadline);
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT - 1);
        vm.expectRevert(abi.encodeWithSelector(IStreamPayment.StreamPayment_PermitFailed.selector, alice, DEPOSIT));
        sp.createStreamWithPermit(bob, DEPOSIT, RATE, SERVICE_ID, 0, deadline, v, r, s);
        vm.stopPrank();
    }

    function test_CreateStreamWithPermit_WhenTokenHasNoPermit() public {
        ReentrantToken token = new ReentrantToken(); // unarmed: a plain ERC-20 without permit()
        StreamPayment other = new StreamPayment(address(token));
        token.mint(alice, DEPOSIT);
        vm.startPrank(alice);
        token.approve(address(other), DEPOSIT);
        uint256 streamId = other.createStreamWithPermit(bob, DEPOSIT, RATE, SERVICE_ID, 0, 0, 0, 0, 0);
        vm.stopPrank();
        assertEq(other.getStream(streamId).balance, DEPOSIT);
        assertEq(token.balanceOf(address(other)), DEPOSIT);
    }

    function test_CreateStreamWithPermit_RevertWhen_StreamInvalid() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(sp), DEPOSIT, deadline);
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_RecipientZeroAddress.selector);
        sp.createStreamWithPermit(address(0), DEPOSIT, RATE, SERVICE_ID, 0, deadline, v, r, s);
    }

    function test_CreateStreamWithPermit_RevertWhen_Reentered() public {
        ReentrantToken token = new ReentrantToken();
        StreamPayment hostile = new StreamPayment(address(token));
        token.mint(alice, DEPOSIT);
        vm.prank(alice);
        token.approve(address(hostile), DEPOSIT);
        bytes memory reenter = abi.encodeCall(hostile.createStreamWithPermit, (bob, 1, 1, SERVICE_ID, 0, 0, 0, 0, 0));
        token.arm(address(hostile), reenter);
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_Reentrancy.selector);
        hostile.createStreamWithPermit(bob, DEPOSIT, RATE, SERVICE_ID, 0, 0, 0, 0, 0);
    }
}
