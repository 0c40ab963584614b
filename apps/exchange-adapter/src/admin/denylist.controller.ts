import { BadRequestException, Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { getAddress } from 'ethers';
import { DataSource } from 'typeorm';
import { returnedRows } from '@bridge/persistence';
import { Denylist } from '../screening/denylist';
import { DenylistEntryDto } from './denylist-entry.dto';

/** Address screening list: a destination on it is declined (DE39 57) and the event recorded. */
@ApiTags('screening')
@Controller()
export class DenylistController {
  constructor(
    private readonly db: DataSource,
    private readonly denylist: Denylist,
  ) {}

  @Get('denylist')
  list(): Promise<unknown[]> {
    return this.db.query(`SELECT address, reason, created_at FROM denylist ORDER BY created_at`);
  }

  @Post('denylist')
  async add(@Body() dto: DenylistEntryDto): Promise<{ address: string; reason: string }> {
    const address = normalize(dto.address);
    await this.db.query(`INSERT INTO denylist (address, reason) VALUES ($1,$2) ON CONFLICT (address) DO UPDATE SET reason = EXCLUDED.reason`, [
      address,
      dto.reason,
    ]);
    await this.denylist.reload(); // in effect here before the answer (other adapters reload on the notification)
    return { address, reason: dto.reason };
  }

  @Delete('denylist/:address')
  @HttpCode(204)
  async remove(@Param('address') raw: string): Promise<void> {
    const deleted = returnedRows(await this.db.query(`DELETE FROM denylist WHERE address = $1 RETURNING address`, [normalize(raw)]));
    if (!deleted.length) throw new NotFoundException(`${raw} is not on the denylist`);
    await this.denylist.reload();
  }

  @Get('screening-events')
  events(): Promise<unknown[]> {
    return this.db.query(`SELECT * FROM screening_events ORDER BY created_at DESC LIMIT 500`);
  }
}

/** Stored lower-case so screening is case-insensitive; any valid EVM address is accepted here. */
function normalize(address: string): string {
  try {
    return getAddress(address.toLowerCase()).toLowerCase();
  } catch {
    throw new BadRequestException(`${address} is not an EVM address`);
  }
}
