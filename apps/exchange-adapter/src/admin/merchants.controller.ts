import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { MerchantEntity } from '@bridge/persistence';
import { MerchantAdminService } from './merchant-admin.service';
import { CreateMerchantDto, UpdateMerchantDto } from './merchant.dto';

@ApiTags('merchants')
@Controller('merchants')
export class MerchantsController {
  constructor(private readonly merchants: MerchantAdminService) {}

  @Get()
  list(): Promise<MerchantEntity[]> {
    return this.merchants.list();
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<MerchantEntity> {
    return this.merchants.get(id);
  }

  @Post()
  create(@Body() dto: CreateMerchantDto): Promise<MerchantEntity> {
    return this.merchants.create(dto);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateMerchantDto): Promise<MerchantEntity> {
    return this.merchants.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.merchants.remove(id);
  }
}
