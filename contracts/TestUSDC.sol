// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "./TestToken.sol";

/// @title Test stablecoin for the embedded demo chain: an EIP-20 token with 6 decimals, like USDC.
/// @notice The deployer may mint; nothing else is privileged. Never deploy to a public network.
contract TestUSDC is TestToken {
    string public constant name = "Test USD Coin";
    string public constant symbol = "USDC";
}
