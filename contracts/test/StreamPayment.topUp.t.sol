// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {StreamPayment} from "../StreamPayment.sol";
import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Base} from "./Base.t.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.t.sol";

// Branches
// topUp
// ├── re-entered (through the token) → StreamPayment_Reentrancy
// ├── stream id 0 or not yet created → StreamPayment_StreamNotFound
// ├── stream closed → StreamPayment_StreamClosed
// ├── amount is zero → StreamPayment_DepositZero
// ├── stream still funded (owed < balance)
// │   ├── balance + amount > uint88 max → StreamPayment_AmountTooHigh
// │   └── otherwise → balance += amount, lastUpdate and accrued unchanged, accrual continues at the same rate
// ├── stream ran dry (owed == balance)
// │   ├── in the past, with unsettled accrual → accrued += balance, balance = amount, lastUpdate = now:
// │   │   the unfunded time is never paid
// │   ├── exactly now → same settlement, no gap
// │   ├── already settled dry (balance 0) → accrued unchanged, lastUpdate = now
// │   └── accrued + owed > uint88 max → StreamPayment_AmountTooHigh
// ├── funder is not the sender → accepted; refunds still go to the sender
// ├── allowance too low → the token's ERC20InsufficientAllowance
// └── every success emits StreamToppedUp(id, funder, amount, newBalance) and pulls `amount` from the funder
contract StreamPaymentTopUpTest is Base {
    uint256 internal streamId;

    function setUp() public override {
        super.setUp();
        streamId = _create(); // 1000 tGLM at 1 tGLM/s from START: dry at START + 1000
    }

    function test_RevertWhen_StreamNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 0));
        sp.topUp(0, 1);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 2));
        sp.topUp(2, 1);
    }

    function test_RevertWhen_StreamClosed() public {
        vm.prank(alice);
        sp.terminate(streamId);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamClosed.selector, streamId));
        sp.topUp(streamId, 1);
    }

    function test_RevertWhen_AmountIsZero() public {
        vm.expectRevert(IStreamPaymentCore.StreamPayment_DepositZero.selector);
        sp.topUp(streamId, 0);
    }

    function test_RevertWhen_AllowanceTooLow() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(sp), 0, 1 ether)
        );
        sp.topUp(streamId, 1 ether);
    }

    function test_WhenFunded() public {
        vm.warp(START + 400);
        vm.prank(alice);
        glm.approve(address(sp), 500 ether);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamToppedUp(streamId, alice, 500 ether, 1500 ether);
        vm.prank(alice);
        sp.topUp(streamId, 500 ether);

        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertEq(stream.balance, 1500 ether, "balance");
        assertEq(stream.accrued, 0, "accrued");
        assertEq(stream.lastUpdate, START, "lastUpdate");
        assertEq(sp.withdrawableOf(streamId), 400 ether, "withdrawable now");
        assertEq(sp.depletionTimeOf(streamId), START + 1500, "depletion");
        vm.warp(START + 1200);
        assertEq(sp.withdrawableOf(streamId), 1200 ether, "accrual is continuous across the top-up");
        assertEq(glm.balanceOf(address(sp)), 1500 ether);
    }

    function test_WhenFunded_RevertWhen_BalanceOverflows() public {
        _fund(alice, MAX_AMOUNT);
        uint256 tooMuch = MAX_AMOUNT - DEPOSIT + 1;
        vm.startPrank(alice);
        glm.approve(address(sp), tooMuch);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_AmountTooHigh.selector, tooMuch));
        sp.topUp(streamId, tooMuch);
        sp.topUp(streamId, tooMuch - 1); // exactly the max fits
        vm.stopPrank();
        assertEq(_stream(streamId).balance, MAX_AMOUNT);
    }

    function test_WhenDryInThePast_NeverPaysTheGap() public {
        vm.warp(START + 5000); // dry since START + 1000: 4000 s unfunded
        vm.prank(alice);
        glm.approve(address(sp), 100 ether);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamToppedUp(streamId, alice, 100 ether, 100 ether);
        vm.prank(alice);
        sp.topUp(streamId, 100 ether);

        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertEq(stream.balance, 100 ether, "balance");
        assertEq(stream.accrued, DEPOSIT, "the whole first deposit accrued");
        assertEq(stream.lastUpdate, START + 5000, "accrual restarts at the top-up");
        assertEq(sp.withdrawableOf(streamId), DEPOSIT, "nothing for the gap");
        assertEq(sp.depletionTimeOf(streamId), START + 5100);
        assertTrue(sp.isActive(streamId));

        vm.warp(START + 5030);
        assertEq(sp.withdrawableOf(streamId), DEPOSIT + 30 ether);
        assertEq(sp.refundableOf(streamId), 70 ether);
    }

    function test_WhenDryExactlyNow() public {
        vm.warp(START + 1000);
        _topUp(alice, streamId, 10 ether);
        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertEq(stream.balance, 10 ether);
        assertEq(stream.accrued, DEPOSIT);
        assertEq(stream.lastUpdate, START + 1000);
        vm.warp(START + 1005);
        assertEq(sp.withdrawableOf(streamId), DEPOSIT + 5 ether);
    }

    function test_WhenAlreadySettledDry() public {
        vm.warp(START + 2000);
        sp.withdraw(streamId); // pays 1000, leaves balance 0 settled at START + 2000
        vm.warp(START + 3000);
        _topUp(alice, streamId, 10 ether);
        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertEq(stream.balance, 10 ether);
        assertEq(stream.accrued, 0);
        assertEq(stream.lastUpdate, START + 3000);
        assertEq(sp.withdrawableOf(streamId), 0);
    }

    function test_WhenDry_RevertWhen_AccruedOverflows() public {
        _fund(alice, 2 * MAX_AMOUNT);
        uint256 big = _create(MAX_AMOUNT, MAX_RATE);
        uint256 dryAt = sp.depletionTimeOf(big);
        vm.warp(dryAt);
        _topUp(alice, big, 1); // settles: accrued = MAX, balance = 1
        vm.warp(dryAt + 1); // the 1 accrues: accrued + owed = MAX + 1
        vm.startPrank(alice);
        glm.approve(address(sp), 1);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_AmountTooHigh.selector, 1));
        sp.topUp(big, 1);
        vm.stopPrank();
        sp.withdraw(big); // the recipient collects; then top-ups work again
        _topUp(alice, big, 1);
        assertEq(_stream(big).balance, 1);
    }

    function test_WhenFunderIsNotSender() public {
        uint256 eveBefore = glm.balanceOf(eve);
        uint256 aliceBefore = glm.balanceOf(alice);
        vm.prank(eve);
        glm.approve(address(sp), 250 ether);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamToppedUp(streamId, eve, 250 ether, 1250 ether);
        vm.prank(eve);
        sp.topUp(streamId, 250 ether);
        assertEq(glm.balanceOf(eve), eveBefore - 250 ether);

        vm.prank(alice);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid, 0);
        assertEq(refunded, 1250 ether);
        assertEq(glm.balanceOf(alice), aliceBefore + 1250 ether, "refund goes to the sender");
    }

    function test_RevertWhen_Reentered() public {
        ReentrantToken token = new ReentrantToken();
        StreamPayment hostile = new StreamPayment(address(token));
        token.mint(alice, 2 * DEPOSIT);
        vm.startPrank(alice);
        token.approve(address(hostile), 2 * DEPOSIT);
        uint256 id = hostile.createStream(bob, DEPOSIT, RATE, SERVICE_ID);
        vm.stopPrank();
        token.arm(address(hostile), abi.encodeCall(hostile.withdraw, (id)));
        vm.warp(START + 10);
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_Reentrancy.selector);
        hostile.topUp(id, DEPOSIT);
    }
}
