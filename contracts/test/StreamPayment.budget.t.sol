// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Base} from "./Base.t.sol";

// Branches
// createStreamWithBudget
// ├── budget 0 → as createStream, no TopUpBudgetSet
// ├── budget > uint88 max → StreamPayment_AmountTooHigh(budget)
// └── budget → stored beside the sender, TopUpBudgetSet(id, budget), only the deposit pulled now
// createStreamWithPermit with a budget → the permit's value is deposit + budget: the allowance left is the budget
// setTopUpBudget
// ├── unknown stream → StreamNotFound; closed → StreamClosed; not the sender → StreamPayment_NotSender
// ├── budget > uint88 max → AmountTooHigh
// └── sender → replaces the remaining budget (0 removes it), TopUpBudgetSet
// topUpFromBudget (anyone)
// ├── unknown / closed / amount 0 → StreamNotFound / StreamClosed / DepositZero
// ├── amount > remaining budget → StreamPayment_BudgetExceeded(id, amount, budget)
// ├── sender's allowance too low → the token's ERC20InsufficientAllowance (budget unchanged)
// ├── within the budget → pulled from the sender (not the caller), budget -= amount, StreamToppedUp(funder: sender)
// ├── dry stream → settled first: the unfunded time is not paid (as topUp)
// ├── set after a plain create, then terminated → the budget is zeroed
// └── pulled early, then terminated → the pulled funds are refunded to the sender; the budget is zeroed
contract StreamPaymentBudgetTest is Base {
    uint256 internal constant BUDGET = 500 ether;

    function _createWithBudget(uint256 budget) internal returns (uint256 streamId) {
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT + budget);
        streamId = sp.createStreamWithBudget(bob, DEPOSIT, RATE, SERVICE_ID, budget);
        vm.stopPrank();
    }

    function test_CreateWithBudget() public {
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT + BUDGET);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamCreated(1, alice, bob, SERVICE_ID, DEPOSIT, RATE);
        vm.expectEmit(address(sp));
        emit IStreamPayment.TopUpBudgetSet(1, BUDGET);
        uint256 streamId = sp.createStreamWithBudget(bob, DEPOSIT, RATE, SERVICE_ID, BUDGET);
        vm.stopPrank();
        assertEq(_stream(streamId).topUpBudget, BUDGET);
        assertEq(_stream(streamId).sender, alice);
        assertEq(glm.balanceOf(address(sp)), DEPOSIT, "only the deposit is pulled now");
        assertEq(glm.allowance(alice, address(sp)), BUDGET);
    }

    function test_CreateWithBudget_Zero_EmitsNoBudget() public {
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT);
        vm.recordLogs();
        sp.createStreamWithBudget(bob, DEPOSIT, RATE, SERVICE_ID, 0);
        vm.stopPrank();
        assertEq(vm.getRecordedLogs().length, 2, "StreamCreated and Transfer only");
    }

    function test_CreateWithBudget_RevertWhen_BudgetTooHigh() public {
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_AmountTooHigh.selector, MAX_AMOUNT + 1));
        sp.createStreamWithBudget(bob, DEPOSIT, RATE, SERVICE_ID, MAX_AMOUNT + 1);
        vm.stopPrank();
    }

    function test_CreateWithPermit_Budget_AllowanceLeftIsTheBudget() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, address(sp), DEPOSIT + BUDGET, deadline);
        vm.prank(alice);
        uint256 streamId = sp.createStreamWithPermit(bob, DEPOSIT, RATE, SERVICE_ID, BUDGET, deadline, v, r, s);
        assertEq(_stream(streamId).topUpBudget, BUDGET);
        assertEq(glm.allowance(alice, address(sp)), BUDGET);
        vm.prank(eve);
        sp.topUpFromBudget(streamId, BUDGET);
        assertEq(glm.allowance(alice, address(sp)), 0);
        assertEq(_stream(streamId).balance, DEPOSIT + BUDGET);
    }

    function test_SetTopUpBudget() public {
        uint256 streamId = _create();
        vm.expectEmit(address(sp));
        emit IStreamPayment.TopUpBudgetSet(streamId, BUDGET);
        vm.prank(alice);
        sp.setTopUpBudget(streamId, BUDGET);
        assertEq(_stream(streamId).topUpBudget, BUDGET);
        vm.prank(alice);
        sp.setTopUpBudget(streamId, 0);
        assertEq(_stream(streamId).topUpBudget, 0);
        assertEq(_stream(streamId).sender, alice, "the sender packed beside the budget is kept");
    }

    function test_SetTopUpBudget_Reverts() public {
        uint256 streamId = _create();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStreamPayment.StreamPayment_NotSender.selector, streamId, bob));
        sp.setTopUpBudget(streamId, BUDGET);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_AmountTooHigh.selector, MAX_AMOUNT + 1));
        sp.setTopUpBudget(streamId, MAX_AMOUNT + 1);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 7));
        sp.setTopUpBudget(7, BUDGET);
        sp.terminate(streamId);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamClosed.selector, streamId));
        sp.setTopUpBudget(streamId, BUDGET);
        vm.stopPrank();
    }

    function test_TopUpFromBudget_PullsFromTheSender() public {
        uint256 streamId = _createWithBudget(BUDGET);
        vm.warp(block.timestamp + 100);
        uint256 aliceBefore = glm.balanceOf(alice);
        uint256 eveBefore = glm.balanceOf(eve);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamToppedUp(streamId, alice, 200 ether, DEPOSIT + 200 ether);
        vm.prank(eve);
        sp.topUpFromBudget(streamId, 200 ether);
        assertEq(glm.balanceOf(alice), aliceBefore - 200 ether);
        assertEq(glm.balanceOf(eve), eveBefore, "the caller pays nothing");
        assertEq(_stream(streamId).topUpBudget, BUDGET - 200 ether);
        assertEq(sp.refundableOf(streamId), DEPOSIT + 200 ether - 100 ether);
    }

    function test_TopUpFromBudget_RevertWhen_OverBudget() public {
        uint256 streamId = _createWithBudget(BUDGET);
        vm.prank(eve);
        sp.topUpFromBudget(streamId, BUDGET - 1);
        vm.prank(eve);
        vm.expectRevert(abi.encodeWithSelector(IStreamPayment.StreamPayment_BudgetExceeded.selector, streamId, 2, 1));
        sp.topUpFromBudget(streamId, 2);
    }

    function test_TopUpFromBudget_RevertWhen_NoBudget() public {
        uint256 streamId = _create();
        vm.prank(alice);
        glm.approve(address(sp), type(uint256).max); // an allowance alone is not a budget
        vm.prank(eve);
        vm.expectRevert(abi.encodeWithSelector(IStreamPayment.StreamPayment_BudgetExceeded.selector, streamId, 1, 0));
        sp.topUpFromBudget(streamId, 1);
    }

    function test_TopUpFromBudget_RevertWhen_AllowanceTooLow() public {
        uint256 streamId = _createWithBudget(BUDGET);
        vm.prank(alice);
        glm.approve(address(sp), 10 ether);
        vm.prank(eve);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(sp), 10 ether, 11 ether)
        );
        sp.topUpFromBudget(streamId, 11 ether);
        assertEq(_stream(streamId).topUpBudget, BUDGET);
    }

    /// @dev A budget set after a plain create lives in the stream's fourth slot, which that create never wrote:
    /// setTopUpBudget marks it, so terminate still reads and clears it.
    function test_SetTopUpBudget_OnAPlainStream_TerminateClearsIt() public {
        uint256 streamId = _create();
        vm.prank(alice);
        sp.setTopUpBudget(streamId, BUDGET);
        assertEq(_stream(streamId).topUpBudget, BUDGET);
        vm.prank(alice);
        sp.terminate(streamId);
        assertEq(_stream(streamId).topUpBudget, 0, "terminate zeroes a budget set after create");
        assertTrue(_stream(streamId).closed);
    }

    function test_TopUpFromBudget_RevertWhen_UnknownClosedOrZero() public {
        uint256 streamId = _createWithBudget(BUDGET);
        vm.startPrank(eve);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 9));
        sp.topUpFromBudget(9, 1);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_DepositZero.selector);
        sp.topUpFromBudget(streamId, 0);
        vm.stopPrank();
        vm.prank(alice);
        sp.terminate(streamId);
        assertEq(_stream(streamId).topUpBudget, 0, "terminate zeroes the budget");
        vm.prank(eve);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamClosed.selector, streamId));
        sp.topUpFromBudget(streamId, 1);
    }

    function test_TopUpFromBudget_DryStream_UnfundedTimeNotPaid() public {
        uint256 streamId = _createWithBudget(BUDGET);
        vm.warp(block.timestamp + 3000); // dry since +1000
        vm.prank(bob);
        sp.topUpFromBudget(streamId, 100 ether);
        assertEq(sp.withdrawableOf(streamId), DEPOSIT);
        assertEq(_stream(streamId).lastUpdate, block.timestamp);
        assertEq(sp.depletionTimeOf(streamId), block.timestamp + 100);
    }

    function test_TopUpFromBudget_EarlyPull_RefundedOnTerminate() public {
        uint256 streamId = _createWithBudget(BUDGET);
        uint256 aliceStart = glm.balanceOf(alice);
        vm.prank(bob); // the provider pulls the whole budget at once
        sp.topUpFromBudget(streamId, BUDGET);
        vm.warp(block.timestamp + 100);
        vm.prank(alice);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid, 100 ether);
        assertEq(refunded, DEPOSIT + BUDGET - 100 ether);
        assertEq(glm.balanceOf(alice), aliceStart + DEPOSIT - 100 ether, "the sender lost only what accrued");
    }

    function testFuzz_TopUpFromBudget_NeverMoreThanTheBudget(uint96 budget, uint96[4] memory pulls) public {
        budget = uint96(bound(budget, 0, 100_000 ether));
        uint256 streamId = _createWithBudget(budget);
        uint256 pulled;
        for (uint256 i = 0; i < pulls.length; ++i) {
            uint256 amount = bound(pulls[i], 1, 100_000 ether);
            vm.prank(eve);
            try sp.topUpFromBudget(streamId, amount) {
                pulled += amount;
            } catch {}
            assertLe(pulled, budget);
            assertEq(pulled + _stream(streamId).topUpBudget, budget);
        }
    }
}
