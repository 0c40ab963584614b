// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "./TestToken.sol";

/// @title Test token that keeps a fee on every transfer, as fee-on-transfer tokens do: the recipient
/// gets less than the amount sent (reconciliation must see the difference). The minter collects it.
/// @notice Never deploy to a public network.
contract TestFeeToken is TestToken {
    string public constant name = "Test Fee Token";
    string public constant symbol = "FEE";
    uint256 public immutable feeBps;

    constructor(uint256 feeBps_) {
        require(feeBps_ <= 10_000, "TestFeeToken: fee");
        feeBps = feeBps_;
    }

    function _credit(address from, address to, uint256 value) internal override {
        uint256 fee = (value * feeBps) / 10_000;
        balanceOf[to] += value - fee;
        balanceOf[minter] += fee;
        emit Transfer(from, to, value - fee);
        emit Transfer(from, minter, fee);
    }
}
