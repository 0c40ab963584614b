import { AssetEntity } from './asset.entity';
import { AuthorizationEntity } from './authorization.entity';
import { CardAccountEntity } from './card-account.entity';
import { FxRateEntity } from './fx-rate.entity';
import { MerchantEntity } from './merchant.entity';
import { PaymentEntity } from './payment.entity';
import { RefundRequestEntity } from './refund-request.entity';
import { WalletEntity } from './wallet.entity';

export { AssetEntity, AuthorizationEntity, CardAccountEntity, FxRateEntity, MerchantEntity, PaymentEntity, RefundRequestEntity, WalletEntity };
export type { RefundReason, RefundStatus } from './refund-request.entity';
export type { AuthorizationStatus } from './authorization.entity';
export type { Funding } from './card-account.entity';
export type { AddressMode, IntegrationKind } from './merchant.entity';
export type { PaymentKind, PaymentStatus } from './payment.entity';
export type { Custody } from './wallet.entity';

export const ALL_ENTITIES = [
  AssetEntity,
  AuthorizationEntity,
  CardAccountEntity,
  FxRateEntity,
  MerchantEntity,
  PaymentEntity,
  RefundRequestEntity,
  WalletEntity,
];
