import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { getAddress, HDNodeWallet } from 'ethers';
import { DataSource, QueryFailedError } from 'typeorm';
import { AssetEntity, MerchantEntity } from '@bridge/persistence';
import { MerchantDirectory } from '../merchants/merchant-directory';
import type { CreateMerchantDto, UpdateMerchantDto } from './merchant.dto';

/** Merchant administration: validates chain/asset and address formats, keeps the lookup cache honest. */
@Injectable()
export class MerchantAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly directory: MerchantDirectory,
  ) {}

  list(): Promise<MerchantEntity[]> {
    return this.db.getRepository(MerchantEntity).find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<MerchantEntity> {
    const merchant = await this.db.getRepository(MerchantEntity).findOneBy({ id });
    if (!merchant) throw new NotFoundException(`merchant ${id} not found`);
    return merchant;
  }

  async create(dto: CreateMerchantDto): Promise<MerchantEntity> {
    const merchant = await this.validated({ ...dto, id: randomUUID() } as MerchantEntity);
    try {
      await this.db.getRepository(MerchantEntity).insert({ ...merchant, nextDerivationIndex: 0, updatedAt: new Date() });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
        throw new ConflictException(`merchant ${dto.acquirerId}/${dto.merchantId} already exists`);
      }
      throw e;
    }
    return this.get(merchant.id);
  }

  async update(id: string, dto: UpdateMerchantDto): Promise<MerchantEntity> {
    const current = await this.get(id);
    const next = await this.validated({ ...current, ...dto });
    await this.db
      .getRepository(MerchantEntity)
      .update({ id }, { ...dto, integration: next.integration, payoutAddress: next.payoutAddress, xpub: next.xpub, updatedAt: new Date() });
    this.directory.invalidate(current.acquirerId, current.merchantId);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const current = await this.get(id);
    await this.db.getRepository(MerchantEntity).delete({ id });
    this.directory.invalidate(current.acquirerId, current.merchantId);
  }

  private async validated(m: MerchantEntity): Promise<MerchantEntity> {
    const asset = await this.db.getRepository(AssetEntity).findOneBy({ chain: m.chain, symbol: m.assetSymbol });
    if (!asset) throw new BadRequestException(`asset ${m.assetSymbol} is not configured on ${m.chain}`);
    m.merchantId = m.merchantId.trimEnd();
    m.integration = m.integration ?? 'STATIC';
    if (m.addressMode === 'FIXED') return { ...m, payoutAddress: checksummed(m.payoutAddress), xpub: null };
    if (m.addressMode === 'EXCHANGE') {
      if (m.integration !== 'HTTP') throw new BadRequestException('addressMode EXCHANGE needs integration HTTP');
      return { ...m, payoutAddress: null, xpub: null };
    }
    return { ...m, payoutAddress: null, xpub: publicExtendedKey(m.xpub) };
  }
}

/** EIP-55: the mixed-case checksum must be present and right (a typo must not redirect money). */
function checksummed(address: string | null | undefined): string {
  if (!address) throw new BadRequestException('payoutAddress is required for FIXED merchants');
  let normalized: string;
  try {
    normalized = getAddress(address);
  } catch {
    throw new BadRequestException('payoutAddress is not an EVM address');
  }
  if (normalized !== address) throw new BadRequestException(`payoutAddress must be EIP-55 checksummed: ${normalized}`);
  return normalized;
}

function publicExtendedKey(xpub: string | null | undefined): string {
  if (!xpub) throw new BadRequestException('xpub is required for DERIVED merchants');
  let node: ReturnType<typeof HDNodeWallet.fromExtendedKey>;
  try {
    node = HDNodeWallet.fromExtendedKey(xpub);
  } catch {
    throw new BadRequestException('xpub is not a BIP-32 extended key');
  }
  if (node instanceof HDNodeWallet) throw new BadRequestException('xpub must be an extended PUBLIC key: never send a private key');
  return xpub;
}
